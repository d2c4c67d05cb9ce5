"""The Deadlines page: overdue and coming deadlines, and the .ics export."""
