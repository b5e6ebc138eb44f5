"""Registration (påmelding) with capacity, waiting lists and presenter slots."""
