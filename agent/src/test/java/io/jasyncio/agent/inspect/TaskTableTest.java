package io.jasyncio.agent.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layout of {@code ps} and {@code pstree}, on rows made by hand, after Python 3.14's
 * {@code asyncio.tools} on its documentation's example (an album task in a task group awaiting
 * two track tasks):
 *
 * <pre>
 * └── (T) Task-1
 *     └──  main example.py:13
 *         ├── (T) Sundowning
 *         │   └──  album example.py:8
 *         │       ├── (T) TNDNBTG
 *         │       │   └──  play example.py:4
 *         │       │       └──  sleep Lib/asyncio/tasks.py:702
 *         │       └── (T) Levitate
 *         │           └──  play example.py:4
 *         │               └──  sleep Lib/asyncio/tasks.py:702
 * </pre>
 */
class TaskTableTest {
    private static Row row(String id, String name, List<String> stack, String... awaitedBy) {
        return new Row("0xl", "loop#1", "safe", id, name, name + "()", stack, List.of(awaitedBy));
    }

    private static List<Row> album() {
        List<Row> rows = new ArrayList<>();
        rows.add(row("0x1", "Task-1", List.of("App.main App.java:13")));
        rows.add(row("0x2", "Sundowning", List.of("App.album App.java:8"), "0x1"));
        rows.add(row("0x3", "TNDNBTG", List.of("Sleep.sleep Sleep.java", "App.play App.java:4"), "0x2"));
        rows.add(row("0x4", "Levitate", List.of("Sleep.sleep Sleep.java", "App.play App.java:4"), "0x2"));
        return rows;
    }

    @Test
    void treeNestsAwaitedTasksUnderTheirAwaitersFrames() {
        assertEquals(
                List.of(
                        "└── (T) Task-1",
                        "    └──  App.main App.java:13",
                        "        └── (T) Sundowning",
                        "            └──  App.album App.java:8",
                        "                ├── (T) TNDNBTG",
                        "                │   └──  App.play App.java:4",
                        "                │       └──  Sleep.sleep Sleep.java",
                        "                └── (T) Levitate",
                        "                    └──  App.play App.java:4",
                        "                        └──  Sleep.sleep Sleep.java"),
                TaskTable.tree(album()));
        assertEquals(List.of(), TaskTable.cycles(album()));
    }

    @Test
    void tableHasOneLinePerAwaiterWithTheAwaitersChain() {
        List<String> t = TaskTable.table(album());
        assertEquals(2 + 4, t.size(), String.join("\n", t));
        String levitate = t.get(5);
        assertEquals(
                List.of(
                        "0xl",
                        "loop#1",
                        "0x4",
                        "Levitate",
                        "Sleep.sleep",
                        "->",
                        "App.play",
                        "App.album",
                        "Sundowning",
                        "0x2"),
                List.of(levitate.trim().split(" +")));
        assertEquals(
                List.of("0xl", "loop#1", "0x1", "Task-1", "App.main", "0x0"),
                List.of(t.get(2).trim().split(" +")));
    }

    @Test
    void cyclesAreFoundAndNamed() {
        List<Row> rows = List.of(
                row("0x1", "ping", List.of("App.ping App.java:3"), "0x2"),
                row("0x2", "pong", List.of("App.pong App.java:7"), "0x1"));
        assertEquals(List.of(List.of("ping", "pong", "ping")), TaskTable.cycles(rows));
    }

    @Test
    void theDumpFormatReadsBack() {
        String text =
                "task\nloop\t0xl\nthread\tmain#1\nread\tracy\nid\t0x9\nname\tA b\ncoro\tApp.m() running at App.java:3\n"
                        + "stack\tApp.m App.java:3\nstack\tApp.n App.java:9\nawaitedBy\t0x8\nend\nerror\tsomething\n";
        List<String> errors = new ArrayList<>();
        List<Row> rows = TargetDump.parse(text, errors);
        assertEquals(
                List.of(new Row(
                        "0xl",
                        "main#1",
                        "racy",
                        "0x9",
                        "A b",
                        "App.m() running at App.java:3",
                        List.of("App.m App.java:3", "App.n App.java:9"),
                        List.of("0x8"))),
                rows);
        assertEquals(List.of("something"), errors);
        assertEquals(
                "note: loop 0xl did not answer in time (its thread is blocked or busy); its rows were read"
                        + " from another thread and may be inconsistent",
                TaskTable.table(rows).get(3));
    }
}
