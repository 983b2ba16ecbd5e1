"""The group dashboard's charts: the existing SVG geometry of the dashboard (assessments.charts), fed with a round."""

from __future__ import annotations

from prongsai.apps.assessments.charts import column_chart
from prongsai.core.frameworks.schema import Framework


def group_dashboard(results, framework: Framework) -> dict:
    """Overall score per unit (ranked) and the mean of each indicator across the units."""
    overall = column_chart(
        [(str(r.rank or "-"), r.unit.agency.name_th, float(r.overall)) for r in results],
        pass_line=framework.pass_line.score,
    )
    means = []
    for ind in framework.indicators.items:
        values = [r.data["indicators"].get(str(ind.number)) for r in results]
        values = [v for v in values if v is not None]
        if values:
            means.append((str(ind.number), ind.name_th, round(sum(values) / len(values), 2)))
    return {"overall": overall, "indicators": column_chart(means, pass_line=framework.pass_line.score), "means": means}
