package wrong;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Awaits in lambdas that streams and collections run synchronously. */
public class Streams {
    @Async
    static Coroutine<String> fetch(int id) {
        return done("item " + id);
    }

    @Async
    static Coroutine<List<String>> all(List<Integer> ids) {
        List<String> out = ids.stream()
                .map(id -> await(fetch(id))) // expect: error await-in-synchronous-lambda | await() | Stream.map
                .collect(Collectors.toList());
        List<String> more = new ArrayList<>();
        ids.forEach(id -> more.add(await(fetch(id)))); // expect: error await-in-synchronous-lambda | await() | Iterable.forEach
        Map<Integer, String> cache = new HashMap<>();
        cache.computeIfAbsent(1, k -> await(fetch(k))); // expect: error await-in-synchronous-lambda | await() | Map.computeIfAbsent
        Map<Integer, String> byId =
                ids.stream().collect(Collectors.toMap(id -> id, id -> await(fetch(id)))); // expect: error await-in-synchronous-lambda | await() | Collectors.toMap
        out.addAll(more);
        out.addAll(byId.values());
        return done(out);
    }
}
