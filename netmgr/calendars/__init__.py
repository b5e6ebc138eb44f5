"""iCalendar output: single events, feeds, iTIP requests and cancellations."""
