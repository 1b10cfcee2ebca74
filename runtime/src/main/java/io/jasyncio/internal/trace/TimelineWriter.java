package io.jasyncio.internal.trace;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link Recorder} as a timeline: one row per task, each span a rectangle coloured by
 * the task's state (running, ready, or what it waits on), a row of the loop's own callbacks,
 * timers and I/O readiness as ticks, a time axis in loop time with round ticks, and a legend.
 * Every rectangle has a hover title and {@code data-*} attributes (task, state, start and end
 * in loop seconds) so that tools and tests can read the picture back. No script, no external
 * style sheet: the SVG and the HTML page are self-contained.
 */
final class TimelineWriter {
    private static final int LEFT = 230;
    private static final int WIDTH = 1100;
    private static final int RIGHT = 30;
    private static final int ROW = 20;
    private static final int BAR = 14;
    private static final int TOP = 78;
    /** Beyond this many loop marks, the loop row shows the first ones only. */
    private static final int MAX_MARKS = 20_000;

    private final Recorder rec;
    private final long start;
    private final long end;
    private final List<List<Recorder.Span>> spans;
    /**
     * The shade of each (state, detail) pair: spans of one state but different await sites
     * (the master's 5 s move and the opponent's 55 s in the chess sample) get darker or lighter
     * variants of the state's colour, so that they can be told apart.
     */
    private final Map<String, Integer> shades = new HashMap<>();

    private final Map<WaitKind, Integer> shadeCounts = new EnumMap<>(WaitKind.class);

    TimelineWriter(Recorder rec, long endNanos) {
        this.rec = rec;
        this.start = rec.startNanos;
        this.end = Math.max(endNanos, rec.startNanos + 1);
        this.spans = rec.spansAt(endNanos);
    }

    private double x(long t) {
        return LEFT + (double) (t - start) / (end - start) * WIDTH;
    }

    String svg(boolean standalone) {
        int rows = rec.rows.size() + 1;
        int height = TOP + rows * ROW + 30;
        int width = LEFT + WIDTH + RIGHT;
        StringBuilder sb = new StringBuilder(64 * 1024);
        if (standalone) {
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n");
        sb.append("<rect x=\"0\" y=\"0\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" fill=\"#ffffff\"/>\n");
        double total = (end - start) / 1e9;
        sb.append("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">jasyncio trace: ")
                .append(rec.rows.size())
                .append(" tasks, ")
                .append(esc(human(total)))
                .append(" of loop time")
                .append(rec.truncated ? " (truncated)" : "")
                .append("</text>\n");
        legend(sb);
        axis(sb, rows);
        loopRow(sb);
        for (int i = 0; i < rec.rows.size(); i++) {
            taskRow(sb, i, TOP + (i + 1) * ROW);
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private void legend(StringBuilder sb) {
        EnumSet<WaitKind> used = EnumSet.noneOf(WaitKind.class);
        for (List<Recorder.Span> l : spans) {
            for (Recorder.Span s : l) {
                used.add(s.kind());
            }
        }
        used.add(WaitKind.RUNNING);
        int lx = 10;
        int ly = 32;
        for (WaitKind k : used) {
            sb.append("<rect x=\"")
                    .append(lx)
                    .append("\" y=\"")
                    .append(ly)
                    .append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(k.colour)
                    .append("\"/><text x=\"")
                    .append(lx + 16)
                    .append("\" y=\"")
                    .append(ly + 10)
                    .append("\">")
                    .append(esc(
                            k == WaitKind.RUNNING
                                    ? "running"
                                    : k == WaitKind.READY ? "ready (queued)" : "waiting: " + k.label))
                    .append("</text>\n");
            lx += 30 + 7 * (k.label.length() + 9);
        }
        sb.append("<line x1=\"")
                .append(lx)
                .append("\" y1=\"")
                .append(ly)
                .append("\" x2=\"")
                .append(lx)
                .append("\" y2=\"")
                .append(ly + 12)
                .append("\" stroke=\"#37474f\" stroke-width=\"2\"/><text x=\"")
                .append(lx + 6)
                .append("\" y=\"")
                .append(ly + 10)
                .append("\">loop callback / timer / I/O</text>\n");
        sb.append("<text x=\"")
                .append(lx + 190)
                .append("\" y=\"")
                .append(ly + 10)
                .append("\" fill=\"#666\">(a darker or lighter shade: the same wait at another await site)</text>\n");
    }

    private void axis(StringBuilder sb, int rows) {
        double total = (end - start) / 1e9;
        double step = niceStep(total);
        int y0 = TOP - 8;
        int y1 = TOP + rows * ROW;
        sb.append("<g stroke=\"#e0e0e0\">\n");
        for (int k = 0; k * step <= total * (1 + 1e-9); k++) {
            double xx = LEFT + k * step / total * WIDTH;
            sb.append("<line x1=\"")
                    .append(f(xx))
                    .append("\" y1=\"")
                    .append(y0)
                    .append("\" x2=\"")
                    .append(f(xx))
                    .append("\" y2=\"")
                    .append(y1)
                    .append("\"/>\n");
        }
        sb.append("</g>\n<g text-anchor=\"middle\" fill=\"#333\">\n");
        for (int k = 0; k * step <= total * (1 + 1e-9); k++) {
            double xx = LEFT + k * step / total * WIDTH;
            sb.append("<text x=\"")
                    .append(f(xx))
                    .append("\" y=\"")
                    .append(y0 - 4)
                    .append("\">")
                    .append(esc(tick(k * step, step)))
                    .append("</text>\n");
        }
        sb.append("</g>\n<text x=\"10\" y=\"")
                .append(y0 - 4)
                .append("\" fill=\"#333\">loop time (from ")
                .append(esc(String.format(Locale.ROOT, "%.3f", start / 1e9)))
                .append(" s)</text>\n");
    }

    private void loopRow(StringBuilder sb) {
        int y = TOP;
        sb.append("<text x=\"10\" y=\"")
                .append(y + 14)
                .append("\" font-style=\"italic\">loop: callbacks, timers, I/O</text>\n");
        sb.append("<g stroke-width=\"1\">\n");
        int n = 0;
        for (Recorder.Mark m : rec.marks) {
            if (m.kind().equals("timer scheduled")) {
                continue;
            }
            if (n++ >= MAX_MARKS) {
                break;
            }
            String colour = m.kind().equals("timer") ? "#78909c" : m.kind().equals("I/O ready") ? "#00897b" : "#90a4ae";
            double xx = x(m.start());
            sb.append("<line x1=\"")
                    .append(f(xx))
                    .append("\" y1=\"")
                    .append(y + 3)
                    .append("\" x2=\"")
                    .append(f(xx))
                    .append("\" y2=\"")
                    .append(y + 3 + BAR)
                    .append("\" stroke=\"")
                    .append(colour)
                    .append("\"><title>")
                    .append(esc(m.kind() + " at " + clock(m.start()) + ": " + m.detail()))
                    .append("</title></line>\n");
        }
        sb.append("</g>\n");
    }

    private void taskRow(StringBuilder sb, int i, int y) {
        Recorder.Row row = rec.rows.get(i);
        String glyph = !row.done
                ? ""
                : row.outcome.equals("result") ? " \u2713" : row.outcome.equals("cancelled") ? " \u2298" : " \u2717";
        String label = row.name.length() > 30 ? row.name.substring(0, 29) + "\u2026" : row.name;
        if (i % 2 == 1) {
            sb.append("<rect x=\"0\" y=\"")
                    .append(y)
                    .append("\" width=\"")
                    .append(LEFT + WIDTH + RIGHT)
                    .append("\" height=\"")
                    .append(ROW)
                    .append("\" fill=\"#f7f7f7\"/>\n");
        }
        sb.append("<text x=\"10\" y=\"")
                .append(y + 14)
                .append("\"><title>")
                .append(esc(row.name))
                .append(row.done ? esc(": " + row.outcome + " at " + clock(row.doneAt)) : "")
                .append("</title>")
                .append(esc(label + glyph))
                .append("</text>\n");
        for (Recorder.Span s : spans.get(i)) {
            double x0 = x(s.start());
            double w = Math.max(0.4, x(s.end()) - x0);
            sb.append("<rect x=\"")
                    .append(f(x0))
                    .append("\" y=\"")
                    .append(y + (ROW - BAR) / 2)
                    .append("\" width=\"")
                    .append(f(w))
                    .append("\" height=\"")
                    .append(BAR)
                    .append("\" fill=\"")
                    .append(colour(s))
                    .append("\" data-task=\"")
                    .append(row.id)
                    .append("\" data-state=\"")
                    .append(esc(s.kind().label))
                    .append("\" data-detail=\"")
                    .append(esc(s.detail()))
                    .append("\" data-start=\"")
                    .append(s.start() / 1e9)
                    .append("\" data-end=\"")
                    .append(s.end() / 1e9)
                    .append("\"><title>")
                    .append(esc(row.name + " \u00b7 " + title(s)))
                    .append("</title></rect>\n");
        }
    }

    private String colour(Recorder.Span s) {
        if (s.kind() == WaitKind.RUNNING || s.kind() == WaitKind.READY) {
            return s.kind().colour;
        }
        String site = s.detail();
        int at = site.lastIndexOf(" at ");
        String key = s.kind().name()
                + '|'
                + site.substring(0, at < 0 ? site.length() : at).replaceAll("[0-9.]+ (s|ms|µs)", "")
                + (at < 0 ? "" : site.substring(at));
        Integer shade = shades.get(key);
        if (shade == null) {
            shade = shadeCounts.merge(s.kind(), 1, Integer::sum) - 1;
            shades.put(key, shade);
        }
        return shade(s.kind().colour, shade % 3);
    }

    /** The base colour, a darker or a lighter variant. */
    private static String shade(String hex, int which) {
        if (which == 0) {
            return hex;
        }
        int rgb = Integer.parseInt(hex.substring(1), 16);
        int[] c = {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
        for (int i = 0; i < 3; i++) {
            c[i] = which == 1 ? (int) (c[i] * 0.72) : c[i] + (255 - c[i]) / 2;
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", c[0], c[1], c[2]);
    }

    private String title(Recorder.Span s) {
        String what = s.kind() == WaitKind.RUNNING
                ? "running"
                : s.kind() == WaitKind.READY ? "ready (" + s.detail() + ")" : "waiting on " + s.detail();
        return what + " \u00b7 " + clock(s.start()) + " \u2192 " + clock(s.end()) + " ("
                + human((s.end() - s.start()) / 1e9) + ")";
    }

    String html(String title) {
        StringBuilder sb = new StringBuilder(128 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:Helvetica,Arial,sans-serif;margin:16px;color:#222}\n")
                .append("table{border-collapse:collapse;margin-top:16px;font-size:12px}\n")
                .append("th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}\n")
                .append("th{background:#f0f0f0}td.l{text-align:left}\n")
                .append(".sw{display:inline-block;width:10px;height:10px;margin-right:4px}\n")
                .append("</style>\n</head>\n<body>\n<h1 style=\"font-size:18px\">")
                .append(esc(title))
                .append("</h1>\n")
                .append("<p>Loop time ")
                .append(esc(String.format(Locale.ROOT, "%.3f", start / 1e9)))
                .append(" s to ")
                .append(esc(String.format(Locale.ROOT, "%.3f", end / 1e9)))
                .append(" s (")
                .append(esc(human((end - start) / 1e9)))
                .append("); ")
                .append(rec.rows.size())
                .append(" tasks. Hover over a span for details.</p>\n<div style=\"overflow-x:auto\">\n");
        sb.append(svg(false));
        sb.append("</div>\n<table>\n<tr><th>#</th><th>task</th><th>first seen</th><th>end</th><th>outcome</th>");
        WaitKind[] kinds = WaitKind.values();
        for (WaitKind k : kinds) {
            sb.append("<th><span class=\"sw\" style=\"background:")
                    .append(k.colour)
                    .append("\"></span>")
                    .append(esc(k.label))
                    .append("</th>");
        }
        sb.append("</tr>\n");
        for (int i = 0; i < rec.rows.size(); i++) {
            Recorder.Row r = rec.rows.get(i);
            Map<WaitKind, Long> by = new EnumMap<>(WaitKind.class);
            for (Recorder.Span s : spans.get(i)) {
                by.merge(s.kind(), s.end() - s.start(), Long::sum);
            }
            sb.append("<tr><td>")
                    .append(r.id)
                    .append("</td><td class=\"l\">")
                    .append(esc(r.name))
                    .append("</td><td>")
                    .append(esc(clock(r.firstSeen)))
                    .append("</td><td>")
                    .append(r.done ? esc(clock(r.doneAt)) : "")
                    .append("</td><td class=\"l\">")
                    .append(r.done ? esc(r.outcome) : "pending")
                    .append("</td>");
            for (WaitKind k : kinds) {
                Long v = by.get(k);
                sb.append("<td>").append(v == null ? "" : esc(human(v / 1e9))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** Time since the trace began, as a clock: {@code 0:01:05}, or seconds below a minute. */
    private String clock(long t) {
        double s = (t - start) / 1e9;
        if (end - start >= 60_000_000_000L) {
            long whole = Math.round(s);
            return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60);
        }
        return human(s);
    }

    static String human(double s) {
        if (s >= 3600) {
            long w = Math.round(s);
            return String.format(Locale.ROOT, "%d h %02d min %02d s", w / 3600, w / 60 % 60, w % 60);
        }
        if (s >= 60) {
            long w = Math.round(s);
            return String.format(Locale.ROOT, "%d min %02d s", w / 60, w % 60);
        }
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.3f s", s);
        }
        if (s >= 1e-3) {
            return String.format(Locale.ROOT, "%.3f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.1f \u00b5s", s * 1e6);
    }

    private static final double[] LONG_STEPS = {60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};

    /** A round tick step giving at most 12 ticks: 1, 2 or 5 times a power of ten, or round minutes and hours. */
    static double niceStep(double total) {
        if (total > 12 * 30) {
            for (double s : LONG_STEPS) {
                if (total / s <= 12) {
                    return s;
                }
            }
            return Math.ceil(total / 12 / 86400) * 86400;
        }
        double p = Math.pow(10, Math.floor(Math.log10(total / 12)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (total / (m * p) <= 12) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String tick(double t, double step) {
        if (step >= 3600) {
            return String.format(Locale.ROOT, "%d h", Math.round(t / 3600));
        }
        if (step >= 60) {
            long w = Math.round(t);
            return w >= 3600
                    ? String.format(Locale.ROOT, "%d:%02d:00", w / 3600, w / 60 % 60)
                    : String.format(Locale.ROOT, "%d min", w / 60);
        }
        if (step >= 0.01) {
            int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f s", t);
        }
        if (step >= 1e-5) {
            return trim(String.format(Locale.ROOT, "%.3f", t * 1e3)) + " ms";
        }
        return trim(String.format(Locale.ROOT, "%.3f", t * 1e6)) + " \u00b5s";
    }

    private static String trim(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '&':
                    sb.append("&amp;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }
}
