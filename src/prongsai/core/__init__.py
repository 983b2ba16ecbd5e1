"""The pure core: ITA frameworks as data, scoring, analysis, Thai text and documents. Never imports Django."""
