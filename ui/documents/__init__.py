"""Client documents in the GUI: print preview, Save as PDF, printing, and batches."""
