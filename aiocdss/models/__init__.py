"""Response models: frozen attrs classes with snake_case fields, one module per API area."""

from .cluster import KafkaVersion, ServerGeneration, ServerImage

__all__ = ["KafkaVersion", "ServerGeneration", "ServerImage"]
