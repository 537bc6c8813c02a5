"""The agreement pages: the list, an agreement, an initiative, the coverage table, the PDF and
the appendices' files. Each view fetches its objects through agreements.permissions."""
