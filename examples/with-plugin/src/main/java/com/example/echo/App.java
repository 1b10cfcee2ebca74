package com.example.echo;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.taskGroup;
import static io.jasyncio.Asyncio.timeout;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Queue;
import io.jasyncio.Semaphore;
import io.jasyncio.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A server that answers each line in upper case, and clients that ask it, on one event loop. */
public final class App {
    private App() {}

    /** Serves one client: reads a line and writes it back in upper case. */
    @Async
    static Coroutine<Void> shout(StreamReader reader, StreamWriter writer) {
        String line = new String(await(reader.readline()), UTF_8);
        writer.write(line.toUpperCase(Locale.ROOT).getBytes(UTF_8));
        await(writer.drain());
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    /** One client: sends a word, puts the answer into the queue. */
    @Async
    static Coroutine<Void> ask(int port, String word, Queue<String> answers) {
        Streams.Connection c = await(Streams.openConnection("127.0.0.1", port));
        c.writer().write((word + "\n").getBytes(UTF_8));
        await(c.writer().drain());
        String answer = new String(await(c.reader().readline()), UTF_8).strip();
        c.writer().close();
        await(c.writer().waitClosed());
        await(answers.put(answer));
        return done();
    }

    /** Asks a server on a free port for every word, two at a time, within five seconds. */
    @Async
    public static Coroutine<List<String>> shoutAll(List<String> words) {
        Server server = await(Streams.startServer(App::shout, "127.0.0.1", 0));
        Semaphore twoAtATime = new Semaphore(2);
        Queue<String> answers = new Queue<>();
        await(timeout(5, () -> taskGroup(tg -> {
            for (String word : words) {
                tg.createTask(twoAtATime.withPermit(() -> ask(server.port(), word, answers)));
            }
            return done();
        })));
        server.close();
        await(server.waitClosed());
        List<String> sorted = new ArrayList<>();
        while (!answers.empty()) {
            sorted.add(answers.getNowait());
        }
        sorted.sort(null);
        return done(sorted);
    }

    public static void main(String[] args) {
        List<String> words = args.length > 0 ? List.of(args) : List.of("hello", "async", "world");
        for (String answer : run(shoutAll(words))) {
            System.out.println(answer);
        }
    }
}
