"""Thematic networks (bygg, velferdsteknologi, digitale løsninger …) and their members."""
