"""Reading inputs (text, HTML, JSON Lines, WARC) and cleaning them into articles."""
