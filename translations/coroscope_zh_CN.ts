<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommandLine</name>
    <message>
        <source>Usage:
  coroscope [PROFILE.json]                      open the GUI (on PROFILE, else the bundled default)
  coroscope --headless PROFILE.json [options]   run without a window

Options:
  --duration 30s|2m|500ms     stop after this long (overrides run.durationSeconds)
  --report FILE.json          write the full report (also on Ctrl+C: partial, &quot;interrupted&quot;: true)
  --csv FILE.csv              write the 1-second time series
  --junit FILE.xml            write pass/fail rules as a JUnit test suite
  --quiet                     no progress line
  --lang zh_CN                user-interface language (default: the system locale)
  --version, --help

Exit codes: 0 passed, 1 a rule failed, 2 bad input, 130 interrupted.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--duration: expected a positive duration such as 30s, 2m or 500ms, found &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown option %1 (see --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one profile only, found &quot;%1&quot; and &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--headless needs a PROFILE.json</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeadlessRunner</name>
    <message>
        <source>workloads: every workload is disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write the CSV file: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted again: exiting without waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted: cancelling every task (Ctrl+C again to exit at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write the report: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write the JUnit file: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Coroscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the profile&apos;s workloads (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop gracefully: no new tasks, let running ones finish, then cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel every pending and running task now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Profile...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top Gracefully</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel All Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Coroscope</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressLine</name>
    <message>
        <source>%1s  pending %2  running %3  done %4 (ok %5, failed %6, timed out %7)  cancelled %8  %9/s  p99 %10 ms  lag p99 %11 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryTable</name>
    <message>
        <source>Profile &quot;%1&quot;: %2 s%3
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (interrupted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rate/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p90 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>event-loop lag: p50 %1 ms, p99 %2 ms, max %3 ms
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>errors in %1: %2 x %3
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PASS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  %2 (actual %3)
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  %2 (%3)
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>coroscope::MainWindow</name>
    <message>
        <source>How late the event loop&apos;s 10 ms heartbeat runs (p99 over the run, and the worst since the last update)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile was not opened; the current one stays.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 - Coroscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loop lag p99 %1 ms, recent max %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) done</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coroscope profiles (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Coroscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Coroscope %1&lt;/b&gt;&lt;p&gt;Runs asynchronous workloads on the Qt event loop with QCoro coroutines and shows, live, what every task is doing.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>coroscope::StateCountsModel</name>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running tasks wait on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
