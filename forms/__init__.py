"""What the clinic's lawyers define and print: rule packs, checklists and PDF documents."""
