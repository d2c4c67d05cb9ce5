"""Small reusable widgets shared by the ui's pages."""
