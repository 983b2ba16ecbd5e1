"""Reading ITA documents into structured results, checking them, and writing them."""
