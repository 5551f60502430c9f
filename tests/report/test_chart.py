from scamcheck.report.chart import MAX_BAR, PLOT_BOTTOM, TOP, timeline
from scamcheck.report.facts import Day


def day(date: str, official=0, aggressive=0, scam=0, unrelated=0, night=0) -> Day:
    return Day(date, (official, aggressive, scam, unrelated), night)


def test_no_days_no_chart() -> None:
    assert timeline(()) is None


def test_one_bar_per_day_with_messages_stacked_unlawful_first() -> None:
    chart = timeline([day("2026-11-01", official=1, aggressive=3, night=2),
                      day("2026-11-10", unrelated=2)])
    assert (chart.first, chart.last, chart.days, chart.peak) == ("2026-11-01", "2026-11-10", 10, 4)
    first, second = chart.bars
    assert [s.label for s in first.segments] == ["aggressive_collection", "official_reminder"]
    assert first.night == 2 and second.night == 0
    # The tallest bar reaches the top; segments stack without gaps from the axis up.
    bottom = first.segments[0].y + first.segments[0].height
    assert abs(bottom - PLOT_BOTTOM) < 0.2
    assert abs(first.segments[-1].y - TOP) < 0.2
    assert second.x > first.x and first.width <= MAX_BAR


def test_long_timelines_keep_every_day_inside_the_plot() -> None:
    days = [day(f"20{y:02d}-01-01", aggressive=1) for y in range(20, 27)]
    chart = timeline(days)
    assert chart.days > 2000
    assert all(chart.left <= bar.x and bar.x + bar.width <= chart.right + 1 for bar in chart.bars)
