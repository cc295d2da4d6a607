"""One module per pattern (see `registry`): what each deploys, wires and meters."""
