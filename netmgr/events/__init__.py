"""Events: network meetings, meeting places (møteplasser), market dialogues, webinars."""
