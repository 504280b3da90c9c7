"""The two ways a product build stops: bad content, or agency text that does not fit."""
from __future__ import annotations


class BuildError(Exception):
    """A product that can't be built as specified; names the product and the field."""

    def __init__(self, product_id: str, field: str, message: str):
        self.product_id, self.field, self.message = product_id, field, message
        super().__init__(f"{product_id}: {field}: {message}")

    def __reduce__(self):  # travels back intact from a worker process
        return (self.__class__, (self.product_id, self.field, self.message))


class FitError(BuildError):
    """Agency text (agency.yml field `field`) that does not fit product `product_id`."""
