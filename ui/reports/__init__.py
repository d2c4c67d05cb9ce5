"""The Reports page (managers): choices, a chart preview and exports."""
