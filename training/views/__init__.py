"""Pages of the training app (thin: validate, call a service or selector, render)."""
