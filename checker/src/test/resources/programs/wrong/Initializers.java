package wrong;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.sleep;

/** Awaits in code javac gathers into constructors and static initialisers; one per class. */
public class Initializers {
    static class StaticField {
        static final Object STATIC_FIELD = await(sleep(1, "x")); // expect: error await-in-static-initializer
    }

    static class StaticBlock {
        static {
            await(sleep(1)); // expect: error await-in-static-initializer
        }
    }

    static class Field {
        final Object field = await(sleep(1, "y")); // expect: error await-in-constructor
    }

    static class InstanceBlock {
        {
            await(sleep(1)); // expect: error await-in-constructor
        }
    }

    static class Constructor {
        Constructor() {
            await(sleep(1)); // expect: error await-in-constructor
        }
    }

    static class ThisArguments {
        ThisArguments(int n) {
            this((Object) await(sleep(n, "z"))); // expect: error await-in-constructor
        }

        ThisArguments(Object o) {}
    }

    static class SuperArguments extends Exception {
        private static final long serialVersionUID = 1L;

        SuperArguments() {
            super((String) await(sleep(1, "message"))); // expect: error await-in-constructor
        }
    }

    enum Constant {
        A(await(sleep(1, 1))); // expect: error await-in-static-initializer

        final int n;

        Constant(int n) {
            this.n = n;
        }
    }
}
