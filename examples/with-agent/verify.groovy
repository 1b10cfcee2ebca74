// Run by maven-invoker-plugin after the builds of invoker.properties: checks what they printed,
// then runs the application jar with plain `java -jar` (the agent starts from Launcher-Agent-Class)
// and with `java -cp` through SelfAttach (the agent attaches itself), as a user would.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') // surefire, -javaagent in argLine
assert log.contains('ASYNC\nHELLO\nWORLD\n') // exec:exec

def java = new File(System.getProperty('java.home'), 'bin/java').path
def jar = new File(basedir, 'target/echo.jar').path
[[java, '-jar', jar], [java, '-cp', jar, 'com.example.echo.SelfAttach']].each { command ->
    def run = command.execute()
    def out = new StringBuilder(), err = new StringBuilder()
    // The readers are threads of their own: join them, or the output may still be on its way.
    def readers = [run.consumeProcessOutputStream(out), run.consumeProcessErrorStream(err)]
    run.waitForOrKill(60_000)
    readers*.join()
    assert run.exitValue() == 0 : "${command}: ${err}"
    assert out.toString() == 'ASYNC\nHELLO\nWORLD\n' : "${command}: ${out}${err}"
    println "${command.drop(1).join(' ')} printed: ${out.toString().readLines()}"
}
true
