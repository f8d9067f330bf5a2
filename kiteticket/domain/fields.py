"""The inputs of an order, named after the Kite parameters they set."""

from __future__ import annotations

from enum import StrEnum


class Field(StrEnum):
    EXCHANGE = "exchange"
    TRADINGSYMBOL = "tradingsymbol"
    TRANSACTION_TYPE = "transaction_type"
    VARIETY = "variety"
    PRODUCT = "product"
    ORDER_TYPE = "order_type"
    QUANTITY = "quantity"
    PRICE = "price"
    TRIGGER_PRICE = "trigger_price"
    VALIDITY = "validity"
    VALIDITY_TTL = "validity_ttl"
    DISCLOSED_QUANTITY = "disclosed_quantity"
    ICEBERG_LEGS = "iceberg_legs"
    ICEBERG_QUANTITY = "iceberg_quantity"
    MARKET_PROTECTION = "market_protection"
    TAG = "tag"
    AUCTION_NUMBER = "auction_number"
    AUTOSLICE = "autoslice"

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())


_LABELS = {
    Field.TRADINGSYMBOL: "Instrument",
    Field.TRANSACTION_TYPE: "Buy/Sell",
    Field.TRIGGER_PRICE: "Trigger price",
    Field.VALIDITY_TTL: "Validity minutes",
    Field.DISCLOSED_QUANTITY: "Disclosed quantity",
    Field.ICEBERG_LEGS: "Iceberg legs",
    Field.ICEBERG_QUANTITY: "Iceberg leg quantity",
    Field.MARKET_PROTECTION: "Market protection",
    Field.AUCTION_NUMBER: "Auction number",
}
