"""Procurement data (O12/O13): the annual plan, announcements, contracts in the shape of the national e-GP
data, monthly summaries and the annual report by budget category."""
