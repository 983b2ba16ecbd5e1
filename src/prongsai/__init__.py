"""Prongsai (โปร่งใส): the yearly ITA cycle for Thai public agencies."""

__version__ = "0.1.0"
