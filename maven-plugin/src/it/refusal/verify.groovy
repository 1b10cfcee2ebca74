// The build failed on the refused coroutine with a compiler-style line: absolute source path,
// [line,column], class and method, and the transformer's reason.
def source = new File(basedir, 'src/main/java/com/example/Locked.java')
def line = source.readLines().findIndexOf { it.contains('// REFUSED') } + 1
def log = new File(basedir, 'build.log').text
def expected = "[ERROR] ${source.absolutePath}:[${line},1] com.example.Locked.holdsLock: await() inside a synchronized block"
assert log.contains(expected) : "expected ${expected}"
assert log.contains('jasyncio cannot rewrite 1 coroutine:')
// The class keeps javac's bytes, so nothing half-rewritten reaches the jar or the tests.
assert !new File(basedir, 'target/jasyncio/instrument-classes.state').text.contains('Locked.class')
true
