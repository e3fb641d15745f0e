"""One place that reads the environment, so every setting has a single documented source."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
