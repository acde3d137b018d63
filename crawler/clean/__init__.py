"""Layout-independent cleaning and normalization of located page parts.

Nothing here knows which site a page came from: it reads blocks of text and decides, by the
text alone, what is boilerplate and which field a line belongs to.
"""
