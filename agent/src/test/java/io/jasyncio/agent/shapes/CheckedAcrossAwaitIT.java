package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.toThread;
import static io.jasyncio.agent.shapes.Awaited.fail;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checked exceptions across await: {@code await(x, SQLException.class)} lets a caller catch, by
 * its type, a checked exception that the awaited coroutine throws without declaring it. JDBC
 * style: {@code query} meets an {@code SQLException} before or after it suspends, and only the
 * callers that await it handle it; creating the coroutine forces nothing on anyone. Every
 * coroutine runs with awaited values ready and really suspending; both runs must agree.
 */
class CheckedAcrossAwaitIT {

    /** A row, as a query would return it. */
    record Row(int id, String name) {}

    /** Throws {@code t} whatever its type: how a checked exception reaches a coroutine undeclared. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** Fails before suspending for a negative id, after suspending for id 0. No throws clause. */
    @Async
    static Coroutine<Row> query(int id) {
        log("query " + id);
        if (id < 0) {
            throw sneaky(new SQLException("bad id " + id, "22003"));
        }
        String name = await(v("name" + id));
        if (id == 0) {
            throw sneaky(new SQLException("no row " + id, "02000"));
        }
        return done(new Row(id, name));
    }

    /** The caller: catches SQLException by its type; the await runs query's body directly. */
    @Async
    static Coroutine<String> find(int id) {
        try {
            Row r = await(query(id), SQLException.class);
            return done("found " + r.name());
        } catch (SQLException e) {
            log("caught " + e.getSQLState());
            return done("not found: " + e.getMessage() + " " + await(v("then awaited again")));
        }
    }

    /** The same through a local: the general await path. */
    @Async
    static Coroutine<String> findViaLocal(int id) {
        Coroutine<Row> pending = query(id);
        try {
            return done("found " + await(pending, SQLException.class).name());
        } catch (SQLException e) {
            return done("not found: " + e.getSQLState());
        }
    }

    /** A future failed with the checked exception, as a driver's callback would fail it. */
    @Async
    static Coroutine<Object> fromAFuture(SQLException error) {
        try {
            return done(await(fail(error), SQLException.class));
        } catch (SQLException e) {
            return done(e);
        }
    }

    /** Any other exception passes through the SQLException handler untouched. */
    @Async
    static Coroutine<Object> otherExceptionsPassThrough(Throwable t) {
        try {
            try {
                return done(await(failsWith(t), SQLException.class));
            } catch (SQLException e) {
                log("wrong handler");
                return done("wrong handler");
            }
        } catch (Exception e) {
            return done(e);
        }
    }

    @Async
    static Coroutine<Object> failsWith(Throwable t) {
        await(v(1));
        throw sneaky(t);
    }

    /** Creating the coroutine does not make anyone handle SQLException: no throws clause here. */
    static Coroutine<Row> createdByAPlainMethod(int id) {
        return query(id);
    }

    @Test
    void aCheckedExceptionThrownAfterSuspendingIsCaughtByItsType() {
        Awaited.Outcome o = runBoth(() -> find(0));
        assertEquals("not found: no row 0 then awaited again", o.value());
        assertEquals(List.of("query 0", "caught 02000"), o.trace());
        assertEquals(2, o.suspensions());
    }

    @Test
    void aCheckedExceptionThrownBeforeSuspendingIsCaughtByItsType() {
        Awaited.Outcome o = runBoth(() -> find(-1));
        assertEquals("not found: bad id -1 then awaited again", o.value());
        assertEquals(List.of("query -1", "caught 22003"), o.trace());
    }

    @Test
    void withoutAnExceptionTheValueComesBack() {
        assertEquals("found name7", Awaited.valueOfBoth(() -> find(7)));
    }

    @Test
    void throughALocalTheSameHolds() {
        assertEquals("not found: 02000", runBoth(() -> findViaLocal(0)).value());
        assertEquals("not found: 22003", runBoth(() -> findViaLocal(-1)).value());
        assertEquals("found name3", runBoth(() -> findViaLocal(3)).value());
    }

    @Test
    void aFailedFuturesCheckedExceptionIsCaughtAsTheSameObject() {
        SQLException[] made = new SQLException[1];
        Awaited.Outcome o = runBoth(() -> fromAFuture(made[0] = new SQLException("connection reset", "08006")));
        assertSame(made[0], o.value());
    }

    @Test
    void theClassOnlyDeclaresOtherExceptionsPassThroughUnchanged() {
        IOException[] io = new IOException[1];
        Awaited.Outcome o = runBoth(() -> otherExceptionsPassThrough(io[0] = new IOException("disk")));
        assertSame(io[0], o.value());
        IllegalStateException[] ise = new IllegalStateException[1];
        o = runBoth(() -> otherExceptionsPassThrough(ise[0] = new IllegalStateException("state")));
        assertSame(ise[0], o.value());
        assertEquals(List.of(), o.trace(), "the SQLException handler never ran");
    }

    @Test
    void aTaskRunningTheQueryGivesItsExceptionToTheAwaiter() {
        Awaited.Outcome o = runBoth(() -> findViaTask(0));
        assertEquals("not found in a task: no row 0", o.value());
    }

    @Async
    static Coroutine<String> findViaTask(int id) {
        try {
            return done("found " + await(Asyncio.createTask(createdByAPlainMethod(id)), SQLException.class));
        } catch (SQLException e) {
            return done("not found in a task: " + e.getMessage());
        }
    }

    @Test
    void aJdbcCallOnAThreadFailsIntoTheAwaitingCaller() {
        String r = Asyncio.run(findOnAThread());
        assertEquals("not found: table missing 42P01", r);
    }

    /** As a real driver call would run: on the default executor, throwing SQLException. */
    @Async
    static Coroutine<Row> queryOnAThread() {
        String name = await(toThread(() -> {
            throw new SQLException("table missing", "42P01");
        }));
        return done(new Row(1, name));
    }

    @Async
    static Coroutine<String> findOnAThread() {
        try {
            return done("found " + await(queryOnAThread(), SQLException.class).name());
        } catch (SQLException e) {
            return done("not found: " + e.getMessage() + " " + e.getSQLState());
        }
    }
}
