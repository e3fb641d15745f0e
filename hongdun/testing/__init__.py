"""The testing kit: helpers the tests of every app share (platform layer: no domain imports)."""
