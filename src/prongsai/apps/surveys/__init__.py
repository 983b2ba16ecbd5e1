"""Anonymous pulse surveys: an IIT-style staff survey from the framework year's IIT questions, an EIT-style public
survey of the agency's own questions (indicators 6–8), posters with QR codes, and posters for the official ITAS
survey links.

Anonymous by design: no user, session, IP address or user agent is stored with an answer; a response is a random
id, its answers and the day it was sent; the link is one per round, not per person; results are shown only
from ``PRONGSAI_SURVEY_MIN_RESPONDENTS`` (default 5) responses on."""
