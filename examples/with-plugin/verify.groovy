// Run by maven-invoker-plugin after the builds of invoker.properties: checks what they printed,
// then runs the application jar with plain `java -jar`, as a user would.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0')
assert log =~ /jasyncio: rewrote 1 of \d+ classes in .*classes \(0 up to date\)/
assert log =~ /jasyncio: rewrote 0 of (\d+) classes in .*classes \(\1 up to date\)/ // the second build read nothing
assert log.contains('ASYNC\nHELLO\nWORLD\n') // exec:java

def java = new File(System.getProperty('java.home'), 'bin/java').path
def run = [java, '-jar', new File(basedir, 'target/echo.jar').path].execute()
def out = new StringBuilder(), err = new StringBuilder()
// The readers are threads of their own: join them, or the output may still be on its way.
def readers = [run.consumeProcessOutputStream(out), run.consumeProcessErrorStream(err)]
run.waitForOrKill(60_000)
readers*.join()
assert run.exitValue() == 0 : err
assert out.toString() == 'ASYNC\nHELLO\nWORLD\n' : out + err
println "java -jar target/echo.jar printed: ${out.toString().readLines()}"
true
