<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChartsPage</name>
    <message>
        <source>C&amp;umulative latency (since the start)</source>
        <translation>累计延迟（自开始起）(&amp;U)</translation>
    </message>
    <message>
        <source>Off: the latency chart shows the percentiles of the tasks finished in each interval, so a slowdown shows at once. On: the percentiles of every task since the run started.</source>
        <translation>关闭：延迟图显示每个时间间隔内完成的任务的百分位数，变慢会立刻显现。打开：显示运行开始以来所有任务的百分位数。</translation>
    </message>
</context>
<context>
    <name>ClientConnectionsSpec</name>
    <message>
        <source>expected connection targets of at most %1, found %2</source>
        <translation>连接数目标最多应为 %1，实际为 %2</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 需要一个值</translation>
    </message>
    <message>
        <source>--duration: expected a positive duration such as 30s, 2m or 500ms, found &quot;%1&quot;</source>
        <translation>--duration：应为正的时长，例如 30s、2m 或 500ms，实际为“%1”</translation>
    </message>
    <message>
        <source>unknown option %1 (see --help)</source>
        <translation>未知选项 %1（参见 --help）</translation>
    </message>
    <message>
        <source>one profile only, found &quot;%1&quot; and &quot;%2&quot;</source>
        <translation>只能指定一个配置文件，却发现了“%1”和“%2”</translation>
    </message>
    <message>
        <source>--headless needs a PROFILE.json</source>
        <translation>--headless 需要一个 PROFILE.json</translation>
    </message>
    <message>
        <source>--framing: expected line or length, found &quot;%1&quot;</source>
        <translation>--framing：需要 line 或 length，实际为“%1”</translation>
    </message>
    <message>
        <source>%1: expected a port from 0 to 65535, found &quot;%2&quot;</source>
        <translation>%1：需要 0 到 65535 之间的端口，实际为“%2”</translation>
    </message>
    <message>
        <source>--agents: expected 1 to 1000, found &quot;%1&quot;</source>
        <translation>--agents：应为 1 到 1000，实际为“%1”</translation>
    </message>
    <message>
        <source>--agent-wait: expected a positive duration such as 30s, found &quot;%1&quot;</source>
        <translation>--agent-wait：应为正的时长，例如 30s，实际为“%1”</translation>
    </message>
    <message>
        <source>agent needs --redis redis://HOST:PORT/DB</source>
        <translation>agent 需要 --redis redis://HOST:PORT/DB</translation>
    </message>
    <message>
        <source>an agent takes no profile: the controller sends it</source>
        <translation>代理不接受配置文件：由控制端发送</translation>
    </message>
    <message>
        <source>%1: expected a positive number, found &quot;%2&quot;</source>
        <translation>%1：应为正数，实际为 &quot;%2&quot;</translation>
    </message>
    <message>
        <source>--find-max-rate needs --workload NAME and --p99-ms MS</source>
        <translation>--find-max-rate 需要 --workload NAME 和 --p99-ms MS</translation>
    </message>
    <message>
        <source>Usage:
  coroscope [PROFILE.json] [--start]            open the GUI (on PROFILE, else the bundled default);
                                                it starts the run only with --start
  coroscope --headless PROFILE.json [options]   run without a window
  coroscope --serve-echo PORT [--framing line|length]
                                                run the built-in echo server on 127.0.0.1 until Ctrl+C
  coroscope --serve-http PORT                   run the built-in HTTP target on 127.0.0.1 until Ctrl+C
  coroscope --serve-ws PORT                     run the built-in WebSocket echo server on 127.0.0.1 until Ctrl+C
  coroscope agent --redis redis://HOST:PORT/DB [--name NAME] [--label k=v]... [--password-env VAR]
                  [--once] [--report FILE.json] [--metrics [HOST:]PORT]
                                                join a fleet: run the parts a controller publishes
  coroscope --find-max-rate PROFILE.json --workload NAME --p99-ms MS [--max-error-rate F] [--step-seconds S]
                                                find the highest rate NAME (http-fanout) sustains within
                                                the p99 and the error rate (default 0.01); steps of S
                                                seconds (default 10); last line &quot;max rate: N/s&quot;

Options:
  --duration 30s|2m|500ms     stop after this long (overrides run.durationSeconds)
  --report FILE.json          write the full report (also on Ctrl+C: partial, &quot;interrupted&quot;: true)
  --csv FILE.csv              write the 1-second time series
  --junit FILE.xml            write pass/fail rules as a JUnit test suite
  --metrics [HOST:]PORT       serve Prometheus text at /metrics while running (127.0.0.1 unless told)
  --fleet redis://HOST:PORT/DB  run on a fleet of agents (headless, or the window&apos;s Start)
  --agents N                  how many agents (default 1); --agent-label k=v picks them by label
  --agent-wait 30s            how long to wait for them (then exit 2 naming who is there)
  --quiet                     no progress line
  --lang zh_CN                user-interface language (default: the system locale)
  --start                     GUI: start the run as the window opens
  --exit-when-done            GUI: start at once, quit when the run ends (after writing --report)
  --version, --help

Exit codes: 0 passed, 1 a rule failed, 2 bad input, 130 interrupted.
</source>
        <translation>用法：
  coroscope [PROFILE.json] [--start]            打开图形界面（打开 PROFILE，否则打开内置默认配置）；
                                                仅在给出 --start 时开始运行
  coroscope --headless PROFILE.json [options]   无窗口运行
  coroscope --serve-echo PORT [--framing line|length]
                                                在 127.0.0.1 上运行内置回显服务器，直到 Ctrl+C
  coroscope --serve-http PORT                   在 127.0.0.1 上运行内置 HTTP 目标，直到 Ctrl+C
  coroscope --serve-ws PORT                     在 127.0.0.1 上运行内置 WebSocket 回显服务器，直到 Ctrl+C
  coroscope agent --redis redis://HOST:PORT/DB [--name NAME] [--label k=v]... [--password-env VAR]
                  [--once] [--report FILE.json] [--metrics [HOST:]PORT]
                                                加入集群：运行控制端发布的份额
  coroscope --find-max-rate PROFILE.json --workload NAME --p99-ms MS [--max-error-rate F] [--step-seconds S]
                                                找出 NAME（http-fanout）在 p99 与错误率（默认 0.01）
                                                之内能承受的最高速率；每步 S 秒（默认 10）；
                                                最后一行为 &quot;max rate: N/s&quot;

选项：
  --duration 30s|2m|500ms     运行这么久后停止（覆盖 run.durationSeconds）
  --report FILE.json          写入完整报告（Ctrl+C 时也写：部分报告，&quot;interrupted&quot;: true）
  --csv FILE.csv              写入每秒时间序列
  --junit FILE.xml            以 JUnit 测试套件写入通过/失败规则
  --metrics [HOST:]PORT       运行期间在 /metrics 提供 Prometheus 文本（除非另行指定，仅 127.0.0.1）
  --fleet redis://HOST:PORT/DB  在代理集群上运行（无界面模式，或窗口的“开始”）
  --agents N                  代理数量（默认 1）；--agent-label k=v 按标签挑选
  --agent-wait 30s            等待代理的时长（超时则以 2 退出并列出在场者）
  --quiet                     不显示进度行
  --lang zh_CN                界面语言（默认：系统区域设置）
  --start                     图形界面：窗口打开时即开始运行
  --exit-when-done            图形界面：立即开始，运行结束后退出（先写入 --report）
  --version, --help

退出码：0 通过，1 有规则未通过，2 输入错误，130 被中断。
</translation>
    </message>
</context>
<context>
    <name>DataFeed</name>
    <message>
        <source>%1 columns; a data file may have at most %2</source>
        <translation>%1 列；数据文件最多可有 %2 列</translation>
    </message>
    <message>
        <source>expected column names without braces, found &quot;%1&quot;</source>
        <translation>列名中不能有花括号，实际为“%1”</translation>
    </message>
    <message>
        <source>a column may not be named &quot;i&quot;: {i} is the request&apos;s index</source>
        <translation>列不能命名为“i”：{i} 表示请求的序号</translation>
    </message>
    <message>
        <source>the column &quot;%1&quot; appears twice</source>
        <translation>列“%1”出现了两次</translation>
    </message>
    <message>
        <source>a quoted field is not closed</source>
        <translation>带引号的字段没有闭合</translation>
    </message>
    <message>
        <source>expected a comma or the end of the line after a closing quote</source>
        <translation>闭合引号之后应为逗号或行尾</translation>
    </message>
    <message>
        <source>expected %1 fields, as the header row has, found %2</source>
        <translation>应有 %1 个字段（与表头行相同），实际为 %2 个</translation>
    </message>
    <message>
        <source>more than %1 rows; a data file may have at most that</source>
        <translation>超过 %1 行；数据文件最多只能有这么多行</translation>
    </message>
    <message>
        <source>: expected a header row naming the columns, found an empty file</source>
        <translation>：应有列名的表头行，但文件为空</translation>
    </message>
    <message>
        <source>not valid JSON: %1</source>
        <translation>不是有效的 JSON：%1</translation>
    </message>
    <message>
        <source>expected one JSON object per line</source>
        <translation>每行应为一个 JSON 对象</translation>
    </message>
    <message>
        <source>the key &quot;%1&quot; is not among the first line&apos;s keys (%2)</source>
        <translation>键“%1”不在第一行的键中（%2）</translation>
    </message>
    <message>
        <source>: expected JSON objects, one per line, found an empty file</source>
        <translation>：应为每行一个 JSON 对象，但文件为空</translation>
    </message>
    <message>
        <source>: %1 bytes; a data file may have at most %2</source>
        <translation>：%1 字节；数据文件最多 %2 字节</translation>
    </message>
    <message>
        <source>: no rows after the %1</source>
        <translation>：%1之后没有数据行</translation>
    </message>
    <message>
        <source>first line</source>
        <translation>第一行</translation>
    </message>
    <message>
        <source>header row</source>
        <translation>表头行</translation>
    </message>
    <message>
        <source>: not a regular file</source>
        <translation>：不是普通文件</translation>
    </message>
    <message>
        <source>: no such file</source>
        <translation>：文件不存在</translation>
    </message>
    <message>
        <source>: cannot read the file: %1</source>
        <translation>：无法读取文件：%1</translation>
    </message>
</context>
<context>
    <name>DeltaDecoder</name>
    <message>
        <source>delta format %1, this controller reads format %2</source>
        <translation>增量格式为 %1，本控制端读取格式 %2</translation>
    </message>
    <message>
        <source>delta %1 where %2 was expected (a delta was lost or repeated)</source>
        <translation>收到增量 %1，应为 %2（有增量丢失或重复）</translation>
    </message>
    <message>
        <source>a delta for %1 workloads, the run has %2</source>
        <translation>增量包含 %1 个工作负载，运行有 %2 个</translation>
    </message>
    <message>
        <source>bucket %1 + %2 with %3 samples is not a bucket that grew</source>
        <translation>桶 %1 + %2（%3 个样本）不是增长了的桶</translation>
    </message>
    <message>
        <source>the latency minimum %1 ns is above the maximum %2 ns</source>
        <translation>延迟最小值 %1 ns 大于最大值 %2 ns</translation>
    </message>
    <message>
        <source>%1 bytes left after the last workload</source>
        <translation>最后一个工作负载之后还剩 %1 字节</translation>
    </message>
    <message>
        <source>URL %1 is beyond the bound or twice in one delta</source>
        <translation>URL %1 超出上限，或在同一增量中出现两次</translation>
    </message>
</context>
<context>
    <name>EchoEditor</name>
    <message>
        <source>Clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>builtin (the built-in echo server) or host:port</source>
        <translation>builtin（内置回显服务器）或 host:port</translation>
    </message>
    <message>
        <source>Connections:</source>
        <translation>连接数：</translation>
    </message>
    <message>
        <source>Messages per connection:</source>
        <translation>每连接消息数：</translation>
    </message>
    <message>
        <source>0 = until the run&apos;s duration</source>
        <translation>0 = 直到运行时长结束</translation>
    </message>
    <message>
        <source>Message size:</source>
        <translation>消息大小：</translation>
    </message>
    <message>
        <source>Lines include their newline</source>
        <translation>行包含其换行符</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Framing:</source>
        <translation>分帧：</translation>
    </message>
    <message>
        <source>line: newline-terminated; length: a 4-byte big-endian length before each message</source>
        <translation>line：以换行符结尾；length：每条消息前加 4 字节大端长度</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>流水线：</translation>
    </message>
    <message>
        <source>Messages in flight per connection (1 to 10,000)</source>
        <translation>每个连接同时在途的消息数（1 到 10,000）</translation>
    </message>
    <message>
        <source>Think time:</source>
        <translation>思考时间：</translation>
    </message>
    <message>
        <source>Pause after each echo</source>
        <translation>每次回显后暂停</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Ramp:</source>
        <translation>爬坡：</translation>
    </message>
    <message>
        <source>New connections per second; 0 = all at once</source>
        <translation>每秒新建连接数；0 = 一次全部建立</translation>
    </message>
    <message>
        <source> conn/s</source>
        <translation> 连接/秒</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <source>Per round trip; the connection is closed on expiry</source>
        <translation>每次往返；超时后关闭连接</translation>
    </message>
    <message>
        <source>Connect timeout:</source>
        <translation>连接超时：</translation>
    </message>
    <message>
        <source>Built-in server</source>
        <translation>内置服务器</translation>
    </message>
    <message>
        <source>Longest message:</source>
        <translation>最长消息：</translation>
    </message>
    <message>
        <source>Longer messages close the connection (counted)</source>
        <translation>更长的消息会关闭连接（计数）</translation>
    </message>
    <message>
        <source>Idle timeout:</source>
        <translation>空闲超时：</translation>
    </message>
    <message>
        <source>Silent connections are closed (counted)</source>
        <translation>静默的连接会被关闭（计数）</translation>
    </message>
    <message>
        <source>Most connections:</source>
        <translation>最大连接数：</translation>
    </message>
    <message>
        <source>More are refused (counted)</source>
        <translation>超出的连接被拒绝（计数）</translation>
    </message>
    <message>
        <source>1 to 100,000; with stages, 0 to 100,000 (where the first ramp starts)</source>
        <translation>1 到 100,000；有阶段时为 0 到 100,000（第一段爬升的起点）</translation>
    </message>
    <message>
        <source>Stages (JSON):</source>
        <translation>阶段（JSON）：</translation>
    </message>
    <message>
        <source>The open connections over time: linear ramps from the connections above; a lower target closes the newest connections politely; the workload ends with its last stage</source>
        <translation>随时间变化的打开连接数：从上面的连接数开始线性爬升；目标降低时有序关闭最新的连接；最后一个阶段结束时该工作负载也结束</translation>
    </message>
</context>
<context>
    <name>EchoSpec</name>
    <message>
        <source>expected &quot;builtin&quot; or host:port with a port from 1 to 65535, found &quot;%1&quot;</source>
        <translation>应为 &quot;builtin&quot; 或端口在 1 到 65535 之间的 host:port，实际为“%1”</translation>
    </message>
    <message>
        <source>%1 connections x %2-byte messages may hold %3 MiB at once (%4 copies of each message per connection); at most %5 MiB: fewer connections or smaller messages</source>
        <translation>%1 个连接 × %2 字节的消息可能同时占用 %3 MiB（每个连接每条消息 %4 份副本）；上限为 %5 MiB：请减少连接数或缩小消息</translation>
    </message>
</context>
<context>
    <name>ErrorKind</name>
    <message>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>connection reset</source>
        <translation>连接被重置</translation>
    </message>
    <message>
        <source>closed by peer</source>
        <translation>对端关闭</translation>
    </message>
    <message>
        <source>host not found</source>
        <translation>找不到主机</translation>
    </message>
    <message>
        <source>connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>too many open files</source>
        <translation>打开的文件过多</translation>
    </message>
    <message>
        <source>socket error</source>
        <translation>套接字错误</translation>
    </message>
    <message>
        <source>network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <source>tls error</source>
        <translation>TLS 错误</translation>
    </message>
    <message>
        <source>bad response</source>
        <translation>错误的响应</translation>
    </message>
    <message>
        <source>protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <source>http 4xx</source>
        <translation>HTTP 4xx</translation>
    </message>
    <message>
        <source>http 5xx</source>
        <translation>HTTP 5xx</translation>
    </message>
    <message>
        <source>echo mismatch</source>
        <translation>回显不一致</translation>
    </message>
    <message>
        <source>unexpected data</source>
        <translation>意外的数据</translation>
    </message>
    <message>
        <source>dead letter</source>
        <translation>死信</translation>
    </message>
    <message>
        <source>check failed</source>
        <translation>检查未通过</translation>
    </message>
    <message>
        <source>redis error</source>
        <translation>Redis 错误</translation>
    </message>
    <message>
        <source>query error</source>
        <translation>查询错误</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>认证失败</translation>
    </message>
    <message>
        <source>exception</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>upgrade refused</source>
        <translation>升级被拒绝</translation>
    </message>
    <message>
        <source>abnormal close</source>
        <translation>异常关闭</translation>
    </message>
</context>
<context>
    <name>FleetProtocol</name>
    <message>
        <source>expected key=value (a key of letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;), found &quot;%1&quot;</source>
        <translation>应为 key=value（键由字母、数字、“.”、“_”或“-”组成），实际为“%1”</translation>
    </message>
    <message>
        <source>--password-env names %1, which is not set</source>
        <translation>--password-env 指定的 %1 未设置</translation>
    </message>
    <message>
        <source>expected a list of stream entries from Redis, found %1</source>
        <translation>应从 Redis 得到流条目列表，实际为 %1</translation>
    </message>
    <message>
        <source>another reply</source>
        <translation>其他回复</translation>
    </message>
    <message>
        <source>a stream entry that is not an id and field/value pairs</source>
        <translation>流条目不是 id 加字段/值对</translation>
    </message>
    <message>
        <source>a stream entry whose fields are not strings</source>
        <translation>流条目的字段不是字符串</translation>
    </message>
    <message>
        <source>expected streams from XREAD, found %1</source>
        <translation>应从 XREAD 得到流，实际为 %1</translation>
    </message>
    <message>
        <source>an XREAD stream that is not a name and its entries</source>
        <translation>XREAD 返回的流不是名称加其条目</translation>
    </message>
</context>
<context>
    <name>FleetRunner</name>
    <message>
        <source>waiting for %1 agents; in the fleet: %2</source>
        <translation>正在等待 %1 个代理；集群中有：%2</translation>
    </message>
    <message>
        <source>Profile &quot;%1&quot; on %2 agents: %3</source>
        <translation>配置“%1”在 %2 个代理上运行：%3</translation>
    </message>
    <message>
        <source>interrupted: cancelling every agent&apos;s tasks (Ctrl+C again to exit at once)</source>
        <translation>已中断：正在取消每个代理的任务（再按 Ctrl+C 立即退出）</translation>
    </message>
    <message>
        <source>the fleet run failed: %1</source>
        <translation>集群运行失败：%1</translation>
    </message>
</context>
<context>
    <name>Gauge</name>
    <message>
        <source>queue depth</source>
        <translation>队列深度</translation>
    </message>
    <message>
        <source>produced</source>
        <translation>已生产</translation>
    </message>
    <message>
        <source>consumed</source>
        <translation>已消费</translation>
    </message>
    <message>
        <source>rate in per s</source>
        <translation>入队速率（每秒）</translation>
    </message>
    <message>
        <source>rate out per s</source>
        <translation>出队速率（每秒）</translation>
    </message>
    <message>
        <source>wait p50 ms</source>
        <translation>等待 p50（毫秒）</translation>
    </message>
    <message>
        <source>wait p99 ms</source>
        <translation>等待 p99（毫秒）</translation>
    </message>
    <message>
        <source>service p50 ms</source>
        <translation>处理 p50（毫秒）</translation>
    </message>
    <message>
        <source>service p99 ms</source>
        <translation>处理 p99（毫秒）</translation>
    </message>
    <message>
        <source>Little&apos;s law: rate in x mean wait</source>
        <translation>利特尔法则：入队速率 × 平均等待</translation>
    </message>
    <message>
        <source>dead letters</source>
        <translation>死信</translation>
    </message>
    <message>
        <source>retries</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>producers waiting for room</source>
        <translation>等待空位的生产者</translation>
    </message>
    <message>
        <source>consumers waiting for items</source>
        <translation>等待条目的消费者</translation>
    </message>
    <message>
        <source>reconnects</source>
        <translation>重连</translation>
    </message>
    <message>
        <source>requeued at start</source>
        <translation>启动时重新入队</translation>
    </message>
    <message>
        <source>hand-off p50 ms</source>
        <translation>交接 p50（毫秒）</translation>
    </message>
    <message>
        <source>hand-off p99 ms</source>
        <translation>交接 p99（毫秒）</translation>
    </message>
    <message>
        <source>connections waiting</source>
        <translation>等待中的连接</translation>
    </message>
    <message>
        <source>connections connecting</source>
        <translation>正在连接的连接</translation>
    </message>
    <message>
        <source>connections open</source>
        <translation>打开的连接</translation>
    </message>
    <message>
        <source>connections closed</source>
        <translation>已关闭的连接</translation>
    </message>
    <message>
        <source>connections failed</source>
        <translation>失败的连接</translation>
    </message>
    <message>
        <source>server connections open</source>
        <translation>服务器打开的连接</translation>
    </message>
    <message>
        <source>server messages</source>
        <translation>服务器消息数</translation>
    </message>
    <message>
        <source>server bytes in</source>
        <translation>服务器接收字节</translation>
    </message>
    <message>
        <source>server closed: message too long</source>
        <translation>服务器关闭：消息过长</translation>
    </message>
    <message>
        <source>server closed: idle</source>
        <translation>服务器关闭：空闲</translation>
    </message>
    <message>
        <source>server refused: too many connections</source>
        <translation>服务器拒绝：连接过多</translation>
    </message>
    <message>
        <source>server requests</source>
        <translation>服务器请求数</translation>
    </message>
    <message>
        <source>bytes received</source>
        <translation>接收字节</translation>
    </message>
    <message>
        <source>workers</source>
        <translation>工作协程</translation>
    </message>
    <message>
        <source>time to first byte p50 ms</source>
        <translation>首字节时间 p50（毫秒）</translation>
    </message>
    <message>
        <source>time to first byte p99 ms</source>
        <translation>首字节时间 p99（毫秒）</translation>
    </message>
    <message>
        <source>queued for a worker</source>
        <translation>等待工作协程</translation>
    </message>
    <message>
        <source>uncorrected p50 ms</source>
        <translation>未校正 p50（毫秒）</translation>
    </message>
    <message>
        <source>uncorrected p99 ms</source>
        <translation>未校正 p99（毫秒）</translation>
    </message>
    <message>
        <source>connections closing</source>
        <translation>正在关闭的连接</translation>
    </message>
    <message>
        <source>close handshakes completed</source>
        <translation>完成的关闭握手</translation>
    </message>
    <message>
        <source>ping/pong round trips</source>
        <translation>ping/pong 往返次数</translation>
    </message>
    <message>
        <source>ping p50 ms</source>
        <translation>ping p50（毫秒）</translation>
    </message>
    <message>
        <source>ping p99 ms</source>
        <translation>ping p99（毫秒）</translation>
    </message>
</context>
<context>
    <name>HeadlessRunner</name>
    <message>
        <source>%1: cannot write the CSV file: %2</source>
        <translation>%1：无法写入 CSV 文件：%2</translation>
    </message>
    <message>
        <source>interrupted: cancelling every task (Ctrl+C again to exit at once)</source>
        <translation>已中断：正在取消所有任务（再按一次 Ctrl+C 立即退出）</translation>
    </message>
    <message>
        <source>%1: target %2</source>
        <translation>%1：目标 %2</translation>
    </message>
    <message>
        <source>warning: this profile needs about %1 file descriptors, more than the limit of %2: connections beyond it will fail with &quot;too many open files&quot; (raise the hard limit, e.g. ulimit -Hn)</source>
        <translation>警告：此配置约需 %1 个文件描述符，超过上限 %2：超出的连接将以“打开的文件过多”失败（请提高硬上限，例如 ulimit -Hn）</translation>
    </message>
    <message>
        <source>Profile &quot;%1&quot;</source>
        <translation>配置“%1”</translation>
    </message>
    <message>
        <source>Profile &quot;%1&quot;: %2</source>
        <translation>配置“%1”：%2</translation>
    </message>
    <message>
        <source>rule failed at %1 s: %2 (actual %3): stopping the run</source>
        <translation>规则在 %1 秒时未通过：%2（实际值 %3）：正在停止运行</translation>
    </message>
</context>
<context>
    <name>HttpChecks</name>
    <message>
        <source>expected a non-empty array of status codes, found %1</source>
        <translation>应为非空的状态码数组，实际为 %1</translation>
    </message>
    <message>
        <source>expected a status code from 100 to 599, found %1</source>
        <translation>应为 100 到 599 之间的状态码，实际为 %1</translation>
    </message>
    <message>
        <source>expected a header name, found &quot;%1&quot;</source>
        <translation>应为头部名称，实际为“%1”</translation>
    </message>
    <message>
        <source>check status: expected %1, got %2</source>
        <translation>检查 status：应为 %1，实际为 %2</translation>
    </message>
    <message>
        <source>check header %1: expected &quot;%2&quot;, the header is missing</source>
        <translation>检查 header %1：应含“%2”，但没有该头部</translation>
    </message>
    <message>
        <source>check header %1: expected &quot;%2&quot;, got &quot;%3&quot;</source>
        <translation>检查 header %1：应含“%2”，实际为“%3”</translation>
    </message>
    <message>
        <source>check bodyContains: &quot;%1&quot; not in the %2-byte body</source>
        <translation>检查 bodyContains：%2 字节的响应体中没有“%1”</translation>
    </message>
    <message>
        <source>check maxBodyBytes: expected at most %1 bytes, got %2</source>
        <translation>检查 maxBodyBytes：应最多 %1 字节，实际为 %2</translation>
    </message>
</context>
<context>
    <name>HttpFanoutEditor</name>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL：</translation>
    </message>
    <message>
        <source>http://, https:// or builtin:/path (the built-in target); {i} is replaced by the request index</source>
        <translation>http://、https:// 或 builtin:/路径（内置目标）；{i} 替换为请求序号</translation>
    </message>
    <message>
        <source>URLs (JSON list):</source>
        <translation>URL 列表（JSON）：</translation>
    </message>
    <message>
        <source>Instead of one URL: request i goes to element i mod n</source>
        <translation>代替单个 URL：第 i 个请求发往第 i mod n 个元素</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Headers (JSON):</source>
        <translation>请求头（JSON）：</translation>
    </message>
    <message>
        <source>Added to every request</source>
        <translation>添加到每个请求</translation>
    </message>
    <message>
        <source>Body:</source>
        <translation>请求体：</translation>
    </message>
    <message>
        <source>Sent with Content-Length</source>
        <translation>带 Content-Length 发送</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>请求数：</translation>
    </message>
    <message>
        <source>In total; 0 = until the run&apos;s duration</source>
        <translation>总数；0 = 直到运行时长结束</translation>
    </message>
    <message>
        <source>Concurrency:</source>
        <translation>并发数：</translation>
    </message>
    <message>
        <source>Workers, one keep-alive connection each (0 to 10,000; 0 = one per request)</source>
        <translation>工作者数，每个一个长连接（0 到 10,000；0 = 每个请求一个）</translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation>速率：</translation>
    </message>
    <message>
        <source>Above 0: open model at this rate; latency counts from the intended send time, uncorrected figures beside it</source>
        <translation>大于 0：按此速率的开放模型；延迟从计划发送时间算起，旁边给出未校正的数值</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /秒</translation>
    </message>
    <message>
        <source>Engine:</source>
        <translation>引擎：</translation>
    </message>
    <message>
        <source>fast: HTTP/1.1 on QTcpSocket; qnam: QNetworkAccessManager; auto: fast unless a URL is https://</source>
        <translation>fast：基于 QTcpSocket 的 HTTP/1.1；qnam：QNetworkAccessManager；auto：除非有 https:// URL，否则用 fast</translation>
    </message>
    <message>
        <source>Completion:</source>
        <translation>完成方式：</translation>
    </message>
    <message>
        <source>all: gather every task; first: wait for the first, then cancel the rest; as-completed: handle each as it finishes</source>
        <translation>all：gather 全部任务；first：等第一个完成，然后取消其余；as-completed：每完成一个处理一个</translation>
    </message>
    <message>
        <source>Timeouts and retries</source>
        <translation>超时与重试</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <source>Total per request, retries included; 0 = none</source>
        <translation>每个请求的总时间，含重试；0 = 不限</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Connect timeout:</source>
        <translation>连接超时：</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>重试次数：</translation>
    </message>
    <message>
        <source>Retries after the first attempt (0 to 100)</source>
        <translation>首次尝试之后的重试次数（0 到 100）</translation>
    </message>
    <message>
        <source>Backoff:</source>
        <translation>退避：</translation>
    </message>
    <message>
        <source>Doubled each retry, with 0.5x-1.5x jitter</source>
        <translation>每次重试加倍，带 0.5x–1.5x 抖动</translation>
    </message>
    <message>
        <source>Attempt timeout:</source>
        <translation>单次尝试超时：</translation>
    </message>
    <message>
        <source>Per attempt; its expiry is the retryable kind &quot;timeout&quot;</source>
        <translation>每次尝试；超时属于可重试的错误类型“timeout”</translation>
    </message>
    <message>
        <source>Retry on (JSON list):</source>
        <translation>重试条件（JSON 列表）：</translation>
    </message>
    <message>
        <source>Which error kinds are retried: connect, reset, timeout, 5xx</source>
        <translation>哪些错误类型会重试：connect、reset、timeout、5xx</translation>
    </message>
    <message>
        <source>Checks and data file</source>
        <translation>检查与数据文件</translation>
    </message>
    <message>
        <source>Expected statuses (JSON list):</source>
        <translation>预期状态码（JSON 列表）：</translation>
    </message>
    <message>
        <source>The status must be one of these (then it alone decides which statuses pass); failures are counted as check failed</source>
        <translation>状态码必须是其中之一（此时仅由它决定哪些状态码算通过）；不符合的计为检查失败</translation>
    </message>
    <message>
        <source>Expected headers (JSON):</source>
        <translation>预期头部（JSON）：</translation>
    </message>
    <message>
        <source>Each header must be there and its value contain this text; {column} and {i} are filled in</source>
        <translation>每个头部都必须存在，且其值包含此文本；{column} 和 {i} 会被填入</translation>
    </message>
    <message>
        <source>Body contains:</source>
        <translation>响应体包含：</translation>
    </message>
    <message>
        <source>The body must contain this text (searched as it arrives, never buffered); {column} and {i} are filled in</source>
        <translation>响应体必须包含此文本（边接收边查找，从不缓存）；{column} 和 {i} 会被填入</translation>
    </message>
    <message>
        <source>Largest body:</source>
        <translation>最大响应体：</translation>
    </message>
    <message>
        <source>The body may be at most this long; 0 = no check</source>
        <translation>响应体最多这么长；0 = 不检查</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Data file:</source>
        <translation>数据文件：</translation>
    </message>
    <message>
        <source>CSV with a header row, or JSON Lines; each request takes a row whose columns fill {column} in the URL, headers and body. Relative to the profile&apos;s folder</source>
        <translation>带表头行的 CSV，或 JSON Lines；每个请求取一行，用其各列填入 URL、头部和请求体中的 {column}。相对路径以配置文件所在文件夹为准</translation>
    </message>
    <message>
        <source>Row order:</source>
        <translation>行顺序：</translation>
    </message>
    <message>
        <source>sequential: request i takes row i mod n; random: any row, each time</source>
        <translation>sequential：请求 i 取第 i mod n 行；random：每次随机取一行</translation>
    </message>
    <message>
        <source>Stages (JSON):</source>
        <translation>阶段（JSON）：</translation>
    </message>
    <message>
        <source>The load over time: linear ramps of the rate (open model) or the concurrency (closed model) from the value above; the workload ends with its last stage</source>
        <translation>随时间变化的负载：从上面的值开始线性爬升速率（开放模型）或并发数（封闭模型）；最后一个阶段结束时该工作负载也结束</translation>
    </message>
</context>
<context>
    <name>HttpFanoutSpec</name>
    <message>
        <source>expected a non-empty array of URLs, found %1</source>
        <translation>应为非空的 URL 数组，实际为 %1</translation>
    </message>
    <message>
        <source>expected a URL string, found %1</source>
        <translation>应为 URL 字符串，实际为 %1</translation>
    </message>
    <message>
        <source>expected a URL (or &quot;urls&quot;: [...]), found nothing</source>
        <translation>应为 URL（或 &quot;urls&quot;: [...]），实际没有</translation>
    </message>
    <message>
        <source>expected an http:// or https:// URL or builtin:/path, found &quot;%1&quot;</source>
        <translation>应为 http:// 或 https:// URL，或 builtin:/path，实际为“%1”</translation>
    </message>
    <message>
        <source>expected an IP address or localhost with engine &quot;fast&quot;, found host &quot;%1&quot;</source>
        <translation>使用 engine &quot;fast&quot; 时应为 IP 地址或 localhost，实际主机为“%1”</translation>
    </message>
    <message>
        <source>expected an array of error kinds, found %1</source>
        <translation>应为错误类型数组，实际为 %1</translation>
    </message>
    <message>
        <source>expected an http:// URL with engine &quot;fast&quot; (https needs &quot;qnam&quot; or &quot;auto&quot;), found &quot;%1&quot;</source>
        <translation>引擎为“fast”时应为 http:// URL（https 需要“qnam”或“auto”），实际为“%1”</translation>
    </message>
    <message>
        <source>expected error kinds from connect, reset, timeout, 5xx, found %1</source>
        <translation>应为以下错误类型之一：connect、reset、timeout、5xx，实际为 %1</translation>
    </message>
    <message>
        <source>cannot use the data file: %1</source>
        <translation>无法使用数据文件：%1</translation>
    </message>
    <message>
        <source>row %1 of column &quot;%2&quot; holds a line break, and the column fills the header &quot;%3&quot;</source>
        <translation>列“%2”的第 %1 行含有换行符，而该列用于填写头部“%3”</translation>
    </message>
    <message>
        <source>&quot;{%1}&quot; names no column of the data file (columns: %2)</source>
        <translation>“{%1}”不是数据文件中的列（列：%2）</translation>
    </message>
    <message>
        <source>expected a built-in endpoint (builtin:/delay?ms=N, /delay?min_ms=A&amp;max_ms=B, /work?ms=N&amp;slots=K, /status/CODE, /bytes/N, /drop, /slow-body?bytes=N&amp;ms=M, /echo), found &quot;%1&quot;</source>
        <translation>应为内置端点（builtin:/delay?ms=N、/delay?min_ms=A&amp;max_ms=B、/work?ms=N&amp;slots=K、/status/CODE、/bytes/N、/drop、/slow-body?bytes=N&amp;ms=M、/echo），实际为 &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>HttpRequestBuilder</name>
    <message>
        <source>expected an http:// URL with a host, found &quot;%1&quot;</source>
        <translation>应为带主机的 http:// URL，实际为“%1”</translation>
    </message>
    <message>
        <source>expected an http:// URL (https needs the qnam engine), found &quot;%1&quot;</source>
        <translation>应为 http:// URL（https 需要 qnam 引擎），实际为“%1”</translation>
    </message>
    <message>
        <source>expected an IP address or localhost as the host, found &quot;%1&quot; in &quot;%2&quot;</source>
        <translation>主机应为 IP 地址或 localhost，在“%2”中实际为“%1”</translation>
    </message>
    <message>
        <source>expected an HTTP method such as GET or POST, found &quot;%1&quot;</source>
        <translation>应为 HTTP 方法（如 GET 或 POST），实际为“%1”</translation>
    </message>
    <message>
        <source>the header &quot;%1&quot; is malformed (a name of letters, digits and -, a value on one line)</source>
        <translation>请求头“%1”格式错误（名称由字母、数字和 - 组成，值须在同一行）</translation>
    </message>
    <message>
        <source>expected a URL without spaces or line breaks, found &quot;%1&quot;</source>
        <translation>URL 不应包含空格或换行，实际为“%1”</translation>
    </message>
</context>
<context>
    <name>HttpWork</name>
    <message>
        <source>expected an http:// URL or builtin:/path, found &quot;%1&quot;</source>
        <translation>应为 http:// URL 或 builtin:/路径，实为“%1”</translation>
    </message>
    <message>
        <source>work.url: expected an IP address or localhost, found &quot;%1&quot;</source>
        <translation>work.url：应为 IP 地址或 localhost，实为“%1”</translation>
    </message>
    <message>
        <source>work: GET %1 on the built-in HTTP target</source>
        <translation>处理：在内置 HTTP 目标上 GET %1</translation>
    </message>
    <message>
        <source>work: GET %1</source>
        <translation>处理：GET %1</translation>
    </message>
</context>
<context>
    <name>JsonReader</name>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>expected an integer from %1 to %2, found %3</source>
        <translation>应为 %1 到 %2 之间的整数，实际为 %3</translation>
    </message>
    <message>
        <source>expected a number from %1 to %2, found %3</source>
        <translation>应为 %1 到 %2 之间的数字，实际为 %3</translation>
    </message>
    <message>
        <source>expected one of %1, found %2</source>
        <translation>应为 %1 之一，实际为 %2</translation>
    </message>
    <message>
        <source>expected a number or a distribution object, found %1</source>
        <translation>应为数字或分布对象，实际为 %1</translation>
    </message>
    <message>
        <source>expected a number not below min (%1), found %2</source>
        <translation>应为不小于 min（%1）的数字，实际为 %2</translation>
    </message>
    <message>
        <source>expected a non-empty array of numbers, found %1</source>
        <translation>应为非空的数字数组，实际为 %1</translation>
    </message>
    <message>
        <source>expected an object, found %1</source>
        <translation>应为对象，实际为 %1</translation>
    </message>
    <message>
        <source>unknown key: not used, kept when saved</source>
        <translation>未知键：不会使用，保存时保留</translation>
    </message>
    <message>
        <source>expected a number (a uniform distribution needs max), found nothing</source>
        <translation>应为数字（均匀分布需要 max），实际没有</translation>
    </message>
    <message>
        <source>%1, found nothing (the key is required)</source>
        <translation>%1，实际没有（此键为必填）</translation>
    </message>
    <message>
        <source>%1, found %2</source>
        <translation>%1，实际为 %2</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>应为 true 或 false</translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation>应为字符串</translation>
    </message>
</context>
<context>
    <name>LiveKey</name>
    <message>
        <source>rate (per second)</source>
        <translation>速率（每秒）</translation>
    </message>
    <message>
        <source>concurrency</source>
        <translation>并发数</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>连接数</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Coroscope</source>
        <translation>Coroscope</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>配置文件：</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start the profile&apos;s workloads (F5)</source>
        <translation>启动配置文件中的工作负载（F5）</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop gracefully: no new tasks, let running ones finish, then cancel</source>
        <translation>平稳停止：不再启动新任务，等待运行中的任务完成，然后取消剩余任务</translation>
    </message>
    <message>
        <source>&amp;Cancel all</source>
        <translation>全部取消(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel every pending and running task now</source>
        <translation>立即取消所有等待中和运行中的任务</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Open Profile...</source>
        <translation>打开配置文件(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>S&amp;top Gracefully</source>
        <translation>平稳停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Cancel All Tasks</source>
        <translation>取消所有任务(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;About Coroscope</source>
        <translation>关于 Coroscope(&amp;A)</translation>
    </message>
    <message>
        <source>Pass/fail rules</source>
        <translation>通过/失败规则</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>S&amp;cenarios</source>
        <translation>场景(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;New Profile</source>
        <translation>新建配置文件(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation>另存为(&amp;A)...</translation>
    </message>
    <message>
        <source>&amp;Export Report...</source>
        <translation>导出报告(&amp;E)...</translation>
    </message>
    <message>
        <source>Edit &amp;Rules...</source>
        <translation>编辑规则(&amp;R)...</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>图表(&amp;H)</translation>
    </message>
    <message>
        <source>E&amp;rrors</source>
        <translation>错误(&amp;R)</translation>
    </message>
    <message>
        <source>The targets this run talks to; built-in ones are started on loopback for the run</source>
        <translation>本次运行访问的目标；内置目标在回环地址上为本次运行启动</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>概览(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Tasks</source>
        <translation>任务(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Workloads</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>E&amp;xport Charts as PNG...</source>
        <translation>将图表导出为 PNG(&amp;X)...</translation>
    </message>
    <message>
        <source>Save what the Charts tab shows as a PNG image</source>
        <translation>把“图表”页显示的内容保存为 PNG 图片</translation>
    </message>
</context>
<context>
    <name>MemoryQueueBackend</name>
    <message>
        <source>in-memory queue</source>
        <translation>内存队列</translation>
    </message>
</context>
<context>
    <name>MetricsServer</name>
    <message>
        <source>expected HOST:PORT or PORT, found &quot;%1&quot;</source>
        <translation>应为 HOST:PORT 或 PORT，实际为“%1”</translation>
    </message>
    <message>
        <source>expected an IP address, found &quot;%1&quot;</source>
        <translation>应为 IP 地址，实际为“%1”</translation>
    </message>
    <message>
        <source>cannot serve metrics on %1: %2</source>
        <translation>无法在 %1 上提供指标：%2</translation>
    </message>
</context>
<context>
    <name>PngExport</name>
    <message>
        <source>Export as PNG</source>
        <translation>导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
</context>
<context>
    <name>PostgresWork</name>
    <message>
        <source>expected a postgresql://user@host:port/database URL, found &quot;%1&quot;</source>
        <translation>应为 postgresql://user@host:port/database 形式的 URL，实际为“%1”</translation>
    </message>
    <message>
        <source>a password does not belong in the profile: name the environment variable that holds it in passwordEnv</source>
        <translation>密码不应写在配置文件中：请在 passwordEnv 中给出保存密码的环境变量名</translation>
    </message>
    <message>
        <source>expected a table name (letters, digits, _; optionally schema.table), found &quot;%1&quot;</source>
        <translation>应为表名（字母、数字、_；可写作 schema.table），实际为“%1”</translation>
    </message>
    <message>
        <source>work: PostgreSQL at %1: %2 (%3)</source>
        <translation>work：位于 %1 的 PostgreSQL：%2（%3）</translation>
    </message>
    <message>
        <source>; name the environment variable that holds the password in work.passwordEnv</source>
        <translation>；请在 work.passwordEnv 中给出保存密码的环境变量名</translation>
    </message>
    <message>
        <source>; the environment variable %1 is not set</source>
        <translation>；环境变量 %1 未设置</translation>
    </message>
    <message>
        <source>work: PostgreSQL %1, table %2 (%3, %4 rows a batch, %5 connections)</source>
        <translation>work：PostgreSQL %1，表 %2（%3，每批 %4 行，%5 个连接）</translation>
    </message>
</context>
<context>
    <name>ProfileLoader</name>
    <message>
        <source>line %1, column %2</source>
        <translation>第 %1 行，第 %2 列</translation>
    </message>
    <message>
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <source>: warning: </source>
        <translation>：警告：</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>the file is %1 bytes; a profile may have at most %2</source>
        <translation>文件大小为 %1 字节；配置文件最多 %2 字节</translation>
    </message>
    <message>
        <source>cannot read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>not valid JSON at %1: %2</source>
        <translation>%1 处不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>expected a JSON object at the top level, found %1</source>
        <translation>顶层应为 JSON 对象，实际为 %1</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>a value</source>
        <translation>单个值</translation>
    </message>
    <message>
        <source>expected %1, found nothing (the key is required)</source>
        <translation>应为 %1，实际没有（此键为必填）</translation>
    </message>
    <message>
        <source>expected a non-empty array of workload objects, found %1</source>
        <translation>应为非空的工作负载对象数组，实际为 %1</translation>
    </message>
    <message>
        <source>an empty array</source>
        <translation>空数组</translation>
    </message>
    <message>
        <source>expected a workload object, found %1</source>
        <translation>应为工作负载对象，实际为 %1</translation>
    </message>
    <message>
        <source>expected a name no other workload has, found &quot;%1&quot; again</source>
        <translation>应为其他工作负载未使用的名称，实际“%1”重复出现</translation>
    </message>
    <message>
        <source>expected an array of rule objects, found %1</source>
        <translation>应为规则对象数组，实际为 %1</translation>
    </message>
    <message>
        <source>expected a rule object, found %1</source>
        <translation>应为规则对象，实际为 %1</translation>
    </message>
    <message>
        <source>expected one of %1, found nothing</source>
        <translation>应为 %1 之一，实际没有</translation>
    </message>
    <message>
        <source>expected one of &lt;, &lt;=, &gt;, &gt;=, found nothing</source>
        <translation>应为 &lt;、&lt;=、&gt;、&gt;= 之一，实际没有</translation>
    </message>
    <message>
        <source>expected a number, found nothing</source>
        <translation>应为数字，实际没有</translation>
    </message>
    <message>
        <source>expected the name of a workload of this profile, found &quot;%1&quot;</source>
        <translation>应为此配置文件中某个工作负载的名称，实际为“%1”</translation>
    </message>
    <message>
        <source>is a directory; expected a profile file (JSON)</source>
        <translation>是一个目录；应为配置文件（JSON）</translation>
    </message>
    <message>
        <source>not a regular file; expected a profile file (JSON)</source>
        <translation>不是普通文件；应为配置文件（JSON）</translation>
    </message>
</context>
<context>
    <name>ProfileShare</name>
    <message>
        <source>the published profile is not a JSON object: %1</source>
        <translation>发布的配置不是 JSON 对象：%1</translation>
    </message>
    <message>
        <source>part %1 of %2 is not a part</source>
        <translation>%2 份中的第 %1 份不存在</translation>
    </message>
</context>
<context>
    <name>ProfileValidator</name>
    <message>
        <source>expected at least one enabled workload, found none</source>
        <translation>应至少有一个启用的工作负载，实际没有</translation>
    </message>
    <message>
        <source>the workload &quot;%1&quot; is disabled: this rule will report it missing</source>
        <translation>工作负载“%1”已禁用：此规则将报告其缺失</translation>
    </message>
</context>
<context>
    <name>ProgressLine</name>
    <message>
        <source>%1s  pending %2  running %3  done %4 (ok %5, failed %6, timed out %7)  cancelled %8  %9/s  p99 %10 ms  lag p99 %11 ms</source>
        <translation>%1s  等待中 %2  运行中 %3  已完成 %4（成功 %5，失败 %6，超时 %7）  已取消 %8  %9/s  p99 %10 ms  循环延迟 p99 %11 ms</translation>
    </message>
</context>
<context>
    <name>QueueConsumer</name>
    <message>
        <source>an injected failure (failureProbability)</source>
        <translation>注入的失败（failureProbability）</translation>
    </message>
    <message numerus="yes">
        <source>failed %n time(s), moved to the dead letters</source>
        <translation>
            <numerusform>失败 %n 次，已移入死信</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueEditor</name>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <source>Capacity:</source>
        <translation>容量：</translation>
    </message>
    <message>
        <source>Memory: producers wait while the queue is full; 0 = unbounded</source>
        <translation>内存：队列满时生产者等待；0 = 不限</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>顺序：</translation>
    </message>
    <message>
        <source>Memory; priority: lower first, FIFO among equals</source>
        <translation>内存；priority：小值优先，相等时先进先出</translation>
    </message>
    <message>
        <source>Producers</source>
        <translation>生产者</translation>
    </message>
    <message>
        <source>Producers:</source>
        <translation>生产者数：</translation>
    </message>
    <message>
        <source>0 = consume what is already there</source>
        <translation>0 = 只消费已有的条目</translation>
    </message>
    <message>
        <source>Items:</source>
        <translation>条目数：</translation>
    </message>
    <message>
        <source>Produced in total (or consumed, with no producers); 0 = until the run ends</source>
        <translation>总共生产的条目数（无生产者时为消费数）；0 = 直到运行结束</translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation>速率：</translation>
    </message>
    <message>
        <source>Total production rate; 0 = as fast as the queue takes them</source>
        <translation>总生产速率；0 = 队列能接收多快就多快</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /秒</translation>
    </message>
    <message>
        <source>Payload:</source>
        <translation>负载：</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>优先级：</translation>
    </message>
    <message>
        <source>Each item&apos;s priority. A number, or a distribution as JSON: {&quot;dist&quot;: &quot;uniform&quot;, &quot;min&quot;: 1, &quot;max&quot;: 5}, {&quot;dist&quot;: &quot;exponential&quot;, &quot;mean&quot;: 20}, {&quot;dist&quot;: &quot;list&quot;, &quot;values&quot;: [1000, 2000]}</source>
        <translation>每个条目的优先级。一个数，或 JSON 写的分布：{&quot;dist&quot;: &quot;uniform&quot;, &quot;min&quot;: 1, &quot;max&quot;: 5}、{&quot;dist&quot;: &quot;exponential&quot;, &quot;mean&quot;: 20}、{&quot;dist&quot;: &quot;list&quot;, &quot;values&quot;: [1000, 2000]}</translation>
    </message>
    <message>
        <source>One producer on a worker thread handing items to the loop (the hand-off is timed)</source>
        <translation>在工作线程上的一个生产者把条目交给事件循环（交接过程计时）</translation>
    </message>
    <message>
        <source>Produce on a worker thread</source>
        <translation>在工作线程上生产</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>消费者</translation>
    </message>
    <message>
        <source>Consumers:</source>
        <translation>消费者数：</translation>
    </message>
    <message>
        <source>1 to 10,000</source>
        <translation>1 到 10,000</translation>
    </message>
    <message>
        <source>Work:</source>
        <translation>工作：</translation>
    </message>
    <message>
        <source>Work time (ms):</source>
        <translation>工作时间（毫秒）：</translation>
    </message>
    <message>
        <source>For sleep, cpu and cpu-inline. A number, or a distribution as JSON: {&quot;dist&quot;: &quot;uniform&quot;, &quot;min&quot;: 1, &quot;max&quot;: 5}, {&quot;dist&quot;: &quot;exponential&quot;, &quot;mean&quot;: 20}, {&quot;dist&quot;: &quot;list&quot;, &quot;values&quot;: [1000, 2000]}</source>
        <translation>用于 sleep、cpu 和 cpu-inline。一个数，或 JSON 写的分布：{&quot;dist&quot;: &quot;uniform&quot;, &quot;min&quot;: 1, &quot;max&quot;: 5}、{&quot;dist&quot;: &quot;exponential&quot;, &quot;mean&quot;: 20}、{&quot;dist&quot;: &quot;list&quot;, &quot;values&quot;: [1000, 2000]}</translation>
    </message>
    <message>
        <source>Work URL:</source>
        <translation>工作 URL：</translation>
    </message>
    <message>
        <source>For http: http:// or builtin:/path</source>
        <translation>用于 http：http:// 或 builtin:/路径</translation>
    </message>
    <message>
        <source>Failure probability:</source>
        <translation>失败概率：</translation>
    </message>
    <message>
        <source>Each attempt fails with this probability</source>
        <translation>每次尝试以此概率失败</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>重试次数：</translation>
    </message>
    <message>
        <source>Then the item is a dead letter</source>
        <translation>之后该条目成为死信</translation>
    </message>
    <message>
        <source>Idle stop:</source>
        <translation>空闲停止：</translation>
    </message>
    <message>
        <source>Redis with no producers: stop after the list stayed empty this long</source>
        <translation>无生产者的 Redis：列表保持为空这么久后停止</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>List key:</source>
        <translation>列表键：</translation>
    </message>
    <message>
        <source>Password variable:</source>
        <translation>密码变量：</translation>
    </message>
    <message>
        <source>The name of the environment variable that holds the password (never the password)</source>
        <translation>保存密码的环境变量的名称（绝不是密码本身）</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>批量：</translation>
    </message>
    <message>
        <source>Items moved and acknowledged per round trip (1 to 10,000)</source>
        <translation>每次往返移动并确认的条目数（1 到 10,000）</translation>
    </message>
    <message>
        <source>TCP line intake</source>
        <translation>TCP 行接收</translation>
    </message>
    <message>
        <source>Memory backend: clients send lines over TCP to a built-in intake server, each line one item (instead of the producers)</source>
        <translation>内存后端：客户端通过 TCP 向内置接收服务器发送文本行，每行一个条目（取代生产者）</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Connections:</source>
        <translation>连接数：</translation>
    </message>
    <message>
        <source>Clients sending lines at once (1 to 10,000)</source>
        <translation>同时发送文本行的客户端数（1 到 10,000）</translation>
    </message>
    <message>
        <source>Lines per connection:</source>
        <translation>每个连接的行数：</translation>
    </message>
    <message>
        <source>Line length:</source>
        <translation>行长度：</translation>
    </message>
    <message>
        <source>Bytes per line, newline included (2 to 65,536)</source>
        <translation>每行字节数，含换行符（2 到 65,536）</translation>
    </message>
    <message>
        <source>cpu runs on the thread pool; cpu-inline blocks the event loop on purpose; postgres writes each item as a row (the PostgreSQL group below)</source>
        <translation>cpu 在线程池中运行；cpu-inline 故意阻塞事件循环；postgres 把每个条目写成一行（见下方 PostgreSQL 组）</translation>
    </message>
    <message>
        <source>Work timeout:</source>
        <translation>工作超时：</translation>
    </message>
    <message>
        <source>For http and postgres: the deadline of one item (http, default 30 s) or one batch (postgres, default 10 s)</source>
        <translation>用于 http 和 postgres：单个条目的期限（http，默认 30 秒）或单个批次的期限（postgres，默认 10 秒）</translation>
    </message>
    <message>
        <source>Command timeout:</source>
        <translation>命令超时：</translation>
    </message>
    <message>
        <source>The deadline of every Redis command (10 ms to 10 min)</source>
        <translation>每条 Redis 命令的期限（10 毫秒至 10 分钟）</translation>
    </message>
    <message>
        <source>Set-up timeout:</source>
        <translation>准备超时：</translation>
    </message>
    <message>
        <source>The whole set-up before the run: connect, requeue orphans, the work&apos;s own set-up (100 ms to 10 min)</source>
        <translation>运行前的整个准备：连接、重新入队遗留条目、工作自身的准备（100 毫秒至 10 分钟）</translation>
    </message>
    <message>
        <source>PostgreSQL (work kind postgres)</source>
        <translation>PostgreSQL（工作类型 postgres）</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>postgresql://user@host:port/database (no password here: see the password variable)</source>
        <translation>postgresql://user@host:port/database（此处不含密码：见密码变量）</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>表：</translation>
    </message>
    <message>
        <source>name or schema.name; the item id is the primary key, so an item delivered twice lands once</source>
        <translation>name 或 schema.name；条目 id 是主键，所以投递两次的条目只写入一次</translation>
    </message>
    <message>
        <source>Create the table if it does not exist</source>
        <translation>表不存在时创建</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>insert: prepared INSERTs (a batch is one statement in pipeline mode); copy: binary COPY FROM STDIN</source>
        <translation>insert：预备的 INSERT（一个批次是流水线模式下的一条语句）；copy：二进制 COPY FROM STDIN</translation>
    </message>
    <message>
        <source>Rows per batch:</source>
        <translation>每批行数：</translation>
    </message>
    <message>
        <source>Items per transaction (1 to 10,000)</source>
        <translation>每个事务的条目数（1 至 10,000）</translation>
    </message>
    <message>
        <source>The pool the consumers share (1 to 1,000)</source>
        <translation>消费者共享的连接池（1 至 1,000）</translation>
    </message>
    <message>
        <source>Reconnect for:</source>
        <translation>重连时长：</translation>
    </message>
    <message>
        <source>How long a batch waits, reconnecting with backoff, for a server that went away</source>
        <translation>服务器断开后，批次以退避方式重连并等待的时长</translation>
    </message>
    <message>
        <source>Stages (JSON):</source>
        <translation>阶段（JSON）：</translation>
    </message>
    <message>
        <source>The production rate over time: linear ramps from the rate above (coroutine producers only); the workload ends with its last stage</source>
        <translation>随时间变化的生产速率：从上面的速率开始线性爬升（仅限协程生产者）；最后一个阶段结束时该工作负载也结束</translation>
    </message>
</context>
<context>
    <name>QueueSpec</name>
    <message>
        <source>expected the memory backend with a tcp intake</source>
        <translation>使用 tcp 接收端时，后端应为 memory</translation>
    </message>
    <message>
        <source>expected a non-empty list key</source>
        <translation>应为非空的列表键</translation>
    </message>
    <message>
        <source>stages change the production rate: they need &quot;ratePerSecond&quot; above 0, coroutine producers (no producerThread, no TCP intake)</source>
        <translation>阶段改变的是生产速率：需要 &quot;ratePerSecond&quot; 大于 0，并使用协程生产者（不用 producerThread，不用 TCP 接入）</translation>
    </message>
</context>
<context>
    <name>RedisAddress</name>
    <message>
        <source>expected redis://host:port/db, found &quot;%1&quot;</source>
        <translation>应为 redis://host:port/db，实际为“%1”</translation>
    </message>
    <message>
        <source>expected an IP address or localhost as the Redis host, found &quot;%1&quot;</source>
        <translation>Redis 主机应为 IP 地址或 localhost，实际为“%1”</translation>
    </message>
    <message>
        <source>expected a Redis port from 1 to 65535, found %1</source>
        <translation>Redis 端口应为 1 到 65535 之间的整数，实际为 %1</translation>
    </message>
</context>
<context>
    <name>RedisConnection</name>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>cannot connect to Redis at %1 within %2 ms</source>
        <translation>无法在 %2 毫秒内连接到 %1 上的 Redis</translation>
    </message>
    <message>
        <source>cannot connect to Redis at %1: %2</source>
        <translation>无法连接到 %1 上的 Redis：%2</translation>
    </message>
    <message>
        <source>Redis refused the connection set-up: %1</source>
        <translation>Redis 拒绝了连接设置：%1</translation>
    </message>
    <message>
        <source>not connected to Redis</source>
        <translation>未连接到 Redis</translation>
    </message>
    <message>
        <source>Redis sent something that is not RESP: %1</source>
        <translation>Redis 发送的内容不是 RESP：%1</translation>
    </message>
    <message>
        <source>a Redis reply larger than %1 bytes</source>
        <translation>Redis 回复超过 %1 字节</translation>
    </message>
    <message>
        <source>the connection to Redis closed: %1</source>
        <translation>与 Redis 的连接已关闭：%1</translation>
    </message>
    <message>
        <source>Redis did not answer in time</source>
        <translation>Redis 未及时回复</translation>
    </message>
</context>
<context>
    <name>RedisQueueBackend</name>
    <message>
        <source>Redis answered %1 with an unexpected reply</source>
        <translation>Redis 对 %1 的回复不符合预期</translation>
    </message>
    <message>
        <source>passwordEnv names %1, which is not set</source>
        <translation>passwordEnv 指定的 %1 未设置</translation>
    </message>
    <message>
        <source>set-up cancelled</source>
        <translation>准备已取消</translation>
    </message>
    <message>
        <source>Redis did not answer PING: %1</source>
        <translation>Redis 未回复 PING：%1</translation>
    </message>
    <message>
        <source>Redis answered PING with an error: %1</source>
        <translation>Redis 对 PING 回复了错误：%1</translation>
    </message>
    <message>
        <source>Redis did not answer SCAN: %1</source>
        <translation>Redis 未回复 SCAN：%1</translation>
    </message>
    <message>
        <source>Redis answered SCAN with an unexpected reply</source>
        <translation>Redis 对 SCAN 的回复不符合预期</translation>
    </message>
    <message>
        <source>cannot requeue %1: %2</source>
        <translation>无法将 %1 重新入队：%2</translation>
    </message>
    <message>
        <source>Redis answered LLEN with an unexpected reply</source>
        <translation>Redis 对 LLEN 的回复不符合预期</translation>
    </message>
    <message>
        <source>Redis list %1 at %2</source>
        <translation>%2 上的 Redis 列表 %1</translation>
    </message>
</context>
<context>
    <name>RuleEvaluator</name>
    <message>
        <source>no workload named &quot;%1&quot;</source>
        <translation>没有名为“%1”的工作负载</translation>
    </message>
    <message>
        <source>unknown metric &quot;%1&quot;</source>
        <translation>未知指标“%1”</translation>
    </message>
    <message>
        <source>unknown operator &quot;%1&quot;</source>
        <translation>未知运算符“%1”</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Pass/Fail Rules</source>
        <translation>通过/失败规则</translation>
    </message>
    <message>
        <source>Each rule compares a metric of one workload, or of the whole run, with a value when the run ends. A failed rule makes the headless run exit with 1.</source>
        <translation>每条规则在运行结束时将某个工作负载（或整个运行）的一项指标与一个数值比较。有规则未通过时，无界面运行以退出码 1 结束。</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>运算符</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>&amp;Add Rule</source>
        <translation>添加规则(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove Rule</source>
        <translation>删除规则(&amp;R)</translation>
    </message>
</context>
<context>
    <name>RulesPanel</name>
    <message>
        <source>&amp;Edit Rules...</source>
        <translation>编辑规则(&amp;E)...</translation>
    </message>
</context>
<context>
    <name>RunOutputs</name>
    <message>
        <source>it is a directory</source>
        <translation>它是一个目录</translation>
    </message>
    <message>
        <source>the directory %1 does not exist</source>
        <translation>目录 %1 不存在</translation>
    </message>
    <message>
        <source>%1 is not a directory</source>
        <translation>%1 不是目录</translation>
    </message>
    <message>
        <source>the directory %1 is not writable</source>
        <translation>目录 %1 不可写</translation>
    </message>
    <message>
        <source>the file is not writable</source>
        <translation>文件不可写</translation>
    </message>
    <message>
        <source>%1 %2: cannot write there: %3</source>
        <translation>%1 %2：无法写入：%3</translation>
    </message>
    <message>
        <source>%1: cannot write the report: %2</source>
        <translation>%1：无法写入报告：%2</translation>
    </message>
    <message>
        <source>%1: cannot write the JUnit file: %2</source>
        <translation>%1：无法写入 JUnit 文件：%2</translation>
    </message>
    <message>
        <source>interrupted: writing the partial report of what is known and exiting</source>
        <translation>已中断：写入目前已知的部分报告并退出</translation>
    </message>
    <message>
        <source>Stopped at %1 s by the rule %2 (actual %3)</source>
        <translation>在 %1 秒时被规则 %2 停止（实际值 %3）</translation>
    </message>
</context>
<context>
    <name>RunReportFiles</name>
    <message>
        <source>no run has finished yet</source>
        <translation>尚无已结束的运行</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message>
        <source>echo server listening on %1:%2 (%3 framing); Ctrl+C to stop</source>
        <translation>回显服务器正在监听 %1:%2（%3 分帧）；按 Ctrl+C 停止</translation>
    </message>
    <message>
        <source>connections %1, messages %2, bytes in %3, closed: by client %4, too long %5, idle %6, error %7, refused %8</source>
        <translation>连接 %1，消息 %2，接收字节 %3，关闭：客户端关闭 %4，消息过长 %5，空闲 %6，错误 %7，拒绝 %8</translation>
    </message>
    <message>
        <source>HTTP target listening on %1; Ctrl+C to stop</source>
        <translation>HTTP 目标正在监听 %1；按 Ctrl+C 停止</translation>
    </message>
    <message>
        <source>connections %1, requests %2, 2xx %3, 4xx %4, 5xx %5, dropped %6, closed: idle %7, too large %8, bad request %9</source>
        <translation>连接 %1，请求 %2，2xx %3，4xx %4，5xx %5，丢弃 %6，关闭：空闲 %7，请求过大 %8，错误请求 %9</translation>
    </message>
    <message>
        <source>closed: request too slow (408) %1, answers not read %2; reading paused %3 times; refused %4, accept errors %5</source>
        <translation>关闭：请求过慢（408）%1，响应未被读取 %2；暂停读取 %3 次；拒绝 %4，accept 错误 %5</translation>
    </message>
    <message>
        <source>WebSocket echo server listening on %1; Ctrl+C to stop</source>
        <translation>WebSocket 回显服务器正在监听 %1；按 Ctrl+C 停止</translation>
    </message>
    <message>
        <source>connections %1, upgraded %2, messages %3, bytes in %4, closed: by client %5, too long %6, idle %7, slow reader %8, protocol error %9; upgrades refused %10, connections refused %11</source>
        <translation>连接 %1，已升级 %2，消息 %3，接收字节 %4，关闭：客户端关闭 %5，消息过长 %6，空闲 %7，读取过慢 %8，协议错误 %9；拒绝升级 %10，拒绝连接 %11</translation>
    </message>
</context>
<context>
    <name>ServerThread</name>
    <message>
        <source>cannot listen on %1:%2: %3</source>
        <translation>无法在 %1:%2 上监听：%3</translation>
    </message>
</context>
<context>
    <name>SleepEditor</name>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Tasks:</source>
        <translation>任务数：</translation>
    </message>
    <message>
        <source>How many tasks (1 to 10,000,000)</source>
        <translation>任务数量（1 到 10,000,000）</translation>
    </message>
    <message>
        <source>Concurrency:</source>
        <translation>并发数：</translation>
    </message>
    <message>
        <source>At most this many running at once (a semaphore); 0 = all at once, like gather</source>
        <translation>最多同时运行这么多（信号量）；0 = 全部同时运行，如 gather</translation>
    </message>
    <message>
        <source>Delay (ms):</source>
        <translation>延迟（毫秒）：</translation>
    </message>
    <message>
        <source>Each task&apos;s sleep in milliseconds. A number, or a distribution as JSON: {&quot;dist&quot;: &quot;uniform&quot;, &quot;min&quot;: 1, &quot;max&quot;: 5}, {&quot;dist&quot;: &quot;exponential&quot;, &quot;mean&quot;: 20}, {&quot;dist&quot;: &quot;list&quot;, &quot;values&quot;: [1000, 2000]}</source>
        <translation>每个任务的休眠毫秒数。一个数，或 JSON 写的分布：{&quot;dist&quot;: &quot;uniform&quot;, &quot;min&quot;: 1, &quot;max&quot;: 5}、{&quot;dist&quot;: &quot;exponential&quot;, &quot;mean&quot;: 20}、{&quot;dist&quot;: &quot;list&quot;, &quot;values&quot;: [1000, 2000]}</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <source>Per task, from its start, like wait_for; 0 = none</source>
        <translation>每个任务，从其开始计时，如 wait_for；0 = 不限</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Completion:</source>
        <translation>完成方式：</translation>
    </message>
    <message>
        <source>all: gather every task; first: wait for the first, then cancel the rest; as-completed: handle each as it finishes</source>
        <translation>all：gather 全部任务；first：等第一个完成，然后取消其余；as-completed：每完成一个处理一个</translation>
    </message>
</context>
<context>
    <name>StagesSpec</name>
    <message>
        <source>expected a non-empty array of {&quot;durationSeconds&quot;: S, &quot;target&quot;: N} objects, found %1</source>
        <translation>应为非空的 {&quot;durationSeconds&quot;: S, &quot;target&quot;: N} 对象数组，实际为 %1</translation>
    </message>
    <message>
        <source>an empty array</source>
        <translation>空数组</translation>
    </message>
    <message>
        <source>expected at most %1 stages, found %2</source>
        <translation>最多应有 %1 个阶段，实际有 %2 个</translation>
    </message>
    <message>
        <source>expected a stage object, found %1</source>
        <translation>应为阶段对象，实际为 %1</translation>
    </message>
    <message>
        <source>expected a number, found nothing (the key is required)</source>
        <translation>应为数字，实际没有（此键为必填）</translation>
    </message>
    <message>
        <source>expected stages that last more than 0 seconds in all, found %1 of 0 seconds</source>
        <translation>各阶段总时长应大于 0 秒，实际为 %1 个 0 秒的阶段</translation>
    </message>
</context>
<context>
    <name>StateAppearance</name>
    <message>
        <source>Pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>SummaryTable</name>
    <message>
        <source>Profile &quot;%1&quot;: %2 s%3
</source>
        <translation>配置文件“%1”：%2 s%3
</translation>
    </message>
    <message>
        <source> (interrupted)</source>
        <translation>（已中断）</translation>
    </message>
    <message>
        <source>workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>rate/s</source>
        <translation>速率/s</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50 ms</translation>
    </message>
    <message>
        <source>p90 ms</source>
        <translation>p90 ms</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <source>max ms</source>
        <translation>最大 ms</translation>
    </message>
    <message>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>event-loop lag: p50 %1 ms, p99 %2 ms, max %3 ms
</source>
        <translation>事件循环延迟：p50 %1 ms，p99 %2 ms，最大 %3 ms
</translation>
    </message>
    <message>
        <source>errors in %1: %2 x %3
</source>
        <translation>%1 中的错误：%2 × %3
</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1  %2 (actual %3)
</source>
        <translation>%1  %2（实际值 %3）
</translation>
    </message>
    <message>
        <source>%1  %2 (%3)
</source>
        <translation>%1  %2（%3）
</translation>
    </message>
    <message>
        <source>finished s</source>
        <translation>完成于（秒）</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95（毫秒）</translation>
    </message>
    <message>
        <source>check %1 in %2: %3 passed, %4 failed
</source>
        <translation>%2 的检查 %1：%3 通过，%4 失败
</translation>
    </message>
    <message>
        <source>per URL in %1:
</source>
        <translation>%1 的各 URL：
</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>(other URLs)</source>
        <translation>（其他 URL）</translation>
    </message>
    <message>
        <source>event-loop lag (worst of %4 loop threads, thread %5): p50 %1 ms, p99 %2 ms, max %3 ms
</source>
        <translation>事件循环延迟（%4 个循环线程中最差的，线程 %5）：p50 %1 ms，p99 %2 ms，最大 %3 ms
</translation>
    </message>
</context>
<context>
    <name>TaskTablePage</name>
    <message>
        <source>&amp;State:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Workload:</source>
        <translation>工作负载(&amp;W)：</translation>
    </message>
    <message>
        <source>Search id, workload, phase or error</source>
        <translation>搜索编号、工作负载、阶段或错误</translation>
    </message>
    <message>
        <source>&amp;Keep finished:</source>
        <translation>保留已结束(&amp;K)：</translation>
    </message>
    <message>
        <source>How many finished tasks the table keeps (the newest ones); applies to the next run</source>
        <translation>表格保留多少个已结束的任务（最新的那些）；下次运行时生效</translation>
    </message>
</context>
<context>
    <name>WebSocketEditor</name>
    <message>
        <source>Clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>builtin (the built-in WebSocket echo server) or ws://host:port/path</source>
        <translation>builtin（内置 WebSocket 回显服务器）或 ws://host:port/path</translation>
    </message>
    <message>
        <source>Connections:</source>
        <translation>连接数：</translation>
    </message>
    <message>
        <source>Messages per connection:</source>
        <translation>每连接消息数：</translation>
    </message>
    <message>
        <source>0 = until the run&apos;s duration</source>
        <translation>0 = 直到运行时长结束</translation>
    </message>
    <message>
        <source>Message size:</source>
        <translation>消息大小：</translation>
    </message>
    <message>
        <source>1 byte to 16 MiB</source>
        <translation>1 字节到 16 MiB</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>text or binary frames; the echo must come back as the same type</source>
        <translation>文本帧或二进制帧；回显必须以相同类型返回</translation>
    </message>
    <message>
        <source>Pipeline:</source>
        <translation>流水线：</translation>
    </message>
    <message>
        <source>Messages in flight per connection (1 to 10,000)</source>
        <translation>每个连接同时在途的消息数（1 到 10,000）</translation>
    </message>
    <message>
        <source>Think time:</source>
        <translation>思考时间：</translation>
    </message>
    <message>
        <source>Pause after each echo</source>
        <translation>每次回显后暂停</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Ramp:</source>
        <translation>爬坡：</translation>
    </message>
    <message>
        <source>New connections per second; 0 = all at once</source>
        <translation>每秒新建连接数；0 = 一次全部建立</translation>
    </message>
    <message>
        <source> conn/s</source>
        <translation> 连接/秒</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <source>Per round trip; 0 = none</source>
        <translation>每次往返；0 = 不限</translation>
    </message>
    <message>
        <source>Connect timeout:</source>
        <translation>连接超时：</translation>
    </message>
    <message>
        <source>TCP connect and the HTTP upgrade</source>
        <translation>TCP 连接和 HTTP 升级</translation>
    </message>
    <message>
        <source>Ping interval:</source>
        <translation>Ping 间隔：</translation>
    </message>
    <message>
        <source>A ping this long after the last pong, timed apart from the messages; 0 = none</source>
        <translation>上一次 pong 之后隔这么久发送 ping，与消息分开计时；0 = 不发送</translation>
    </message>
    <message>
        <source>Close timeout:</source>
        <translation>关闭超时：</translation>
    </message>
    <message>
        <source>How long the close handshake may take</source>
        <translation>关闭握手允许的最长时间</translation>
    </message>
    <message>
        <source>Built-in server</source>
        <translation>内置服务器</translation>
    </message>
    <message>
        <source>Longest message:</source>
        <translation>最长消息：</translation>
    </message>
    <message>
        <source>Longer messages close the connection with 1009 (counted)</source>
        <translation>更长的消息会以 1009 关闭连接（计数）</translation>
    </message>
    <message>
        <source>Longest frame:</source>
        <translation>最长帧：</translation>
    </message>
    <message>
        <source>Longer frames close the connection with 1009 (counted)</source>
        <translation>更长的帧会以 1009 关闭连接（计数）</translation>
    </message>
    <message>
        <source>Idle timeout:</source>
        <translation>空闲超时：</translation>
    </message>
    <message>
        <source>Silent connections are closed (counted)</source>
        <translation>静默的连接会被关闭（计数）</translation>
    </message>
    <message>
        <source>Most connections:</source>
        <translation>最大连接数：</translation>
    </message>
    <message>
        <source>More are refused (counted)</source>
        <translation>超出的连接被拒绝（计数）</translation>
    </message>
    <message>
        <source>1 to 100,000; with stages, 0 to 100,000 (where the first ramp starts)</source>
        <translation>1 到 100,000；有阶段时为 0 到 100,000（第一段爬升的起点）</translation>
    </message>
    <message>
        <source>Stages (JSON):</source>
        <translation>阶段（JSON）：</translation>
    </message>
    <message>
        <source>The open connections over time: linear ramps from the connections above; a lower target closes the newest connections politely; the workload ends with its last stage</source>
        <translation>随时间变化的打开连接数：从上面的连接数开始线性爬升；目标降低时有序关闭最新的连接；最后一个阶段结束时该工作负载也结束</translation>
    </message>
</context>
<context>
    <name>WebSocketSpec</name>
    <message>
        <source>expected &quot;builtin&quot; or a ws://host:port/path URL, found &quot;%1&quot;</source>
        <translation>应为“builtin”或 ws://host:port/path 形式的 URL，实际为“%1”</translation>
    </message>
</context>
<context>
    <name>WireReader</name>
    <message>
        <source>%1 (at byte %2)</source>
        <translation>%1（在第 %2 字节）</translation>
    </message>
    <message>
        <source>truncated before %1</source>
        <translation>在 %1 之前被截断</translation>
    </message>
    <message>
        <source>%1 is longer than 64 bits</source>
        <translation>%1 超过 64 位</translation>
    </message>
    <message>
        <source>%1 is %2, more than %3</source>
        <translation>%1 为 %2，超过 %3</translation>
    </message>
    <message>
        <source>%1 is %2, beyond ±%3</source>
        <translation>%1 为 %2，超出 ±%3</translation>
    </message>
    <message>
        <source>%1 announces %2 bytes, %3 are left</source>
        <translation>%1 声明 %2 字节，但只剩 %3 字节</translation>
    </message>
</context>
<context>
    <name>WorkloadRegistry</name>
    <message>
        <source>expected one of %1, found &quot;%2&quot;</source>
        <translation>应为 %1 之一，实际为“%2”</translation>
    </message>
    <message>
        <source>workload type &quot;%1&quot; is not available in this build yet (available: %2)</source>
        <translation>此版本尚不支持工作负载类型“%1”（可用：%2）</translation>
    </message>
    <message>
        <source>a %1 workload takes no stages (those that do: %2)</source>
        <translation>%1 工作负载不接受阶段（接受阶段的有：%2）</translation>
    </message>
</context>
<context>
    <name>WorkloadsEditor</name>
    <message>
        <source>Tick a workload to run it; double-click (or F2) to rename it</source>
        <translation>勾选工作负载即运行它；双击（或 F2）重命名</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Add a workload of a chosen type</source>
        <translation>添加所选类型的工作负载</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>复制(&amp;U)</translation>
    </message>
    <message>
        <source>Add a copy of the selected workload</source>
        <translation>添加所选工作负载的副本</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>移除(&amp;M)</translation>
    </message>
    <message>
        <source>Remove the selected workload from the profile</source>
        <translation>从配置文件中移除所选工作负载</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Unique within the profile; rules refer to it</source>
        <translation>在配置文件中唯一；规则通过它引用</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Start &amp;after:</source>
        <translation>延后启动(&amp;A)：</translation>
    </message>
    <message>
        <source>How long after the run starts this workload begins</source>
        <translation>运行开始后多久启动此工作负载</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
</context>
<context>
    <name>coroscope::AgentsModel</name>
    <message>
        <source>lost</source>
        <translation>已丢失</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>joined</source>
        <translation>已加入</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Its event loop lags: its latencies include its own delay</source>
        <translation>其事件循环滞后：其延迟包含它自身的延误</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Done/s</source>
        <translation>完成/秒</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Loop lag (p99)</source>
        <translation>循环滞后（p99）</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>上次心跳</translation>
    </message>
</context>
<context>
    <name>coroscope::AgentsPage</name>
    <message>
        <source>Fleet %1, agents wanted: %2</source>
        <translation>集群 %1，所需代理数：%2</translation>
    </message>
    <message>
        <source>%1 (%2 ms)</source>
        <translation>%1（%2 ms）</translation>
    </message>
    <message>
        <source>Generator stall: the event loop of %1 lags more than %2 ms (p99), so the fleet&apos;s latencies include the agents&apos; own delay, not only the target&apos;s.</source>
        <translation>负载生成器停滞：%1 的事件循环滞后超过 %2 ms（p99），因此集群的延迟包含代理自身的延误，而不仅是目标的。</translation>
    </message>
</context>
<context>
    <name>coroscope::ChartsPage</name>
    <message>
        <source>Tasks by state, all workloads</source>
        <translation>各状态任务数，全部工作负载</translation>
    </message>
    <message>
        <source>count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Tasks not succeeded, all workloads</source>
        <translation>未成功的任务，全部工作负载</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <source>tasks done per second</source>
        <translation>每秒完成的任务</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>所选</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>uncorrected p50</source>
        <translation>未校正 p50</translation>
    </message>
    <message>
        <source>uncorrected p99</source>
        <translation>未校正 p99</translation>
    </message>
    <message>
        <source>Event-loop lag</source>
        <translation>事件循环延迟</translation>
    </message>
    <message>
        <source>max since last update</source>
        <translation>上次更新以来的最大值</translation>
    </message>
    <message>
        <source>p99 so far</source>
        <translation>迄今 p99</translation>
    </message>
    <message>
        <source>Queue depth</source>
        <translation>队列深度</translation>
    </message>
    <message>
        <source>items</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>producers waiting</source>
        <translation>等待中的生产者</translation>
    </message>
    <message>
        <source>consumers waiting</source>
        <translation>等待中的消费者</translation>
    </message>
    <message>
        <source>Queue wait vs service</source>
        <translation>队列等待与服务时间</translation>
    </message>
    <message>
        <source>wait p50</source>
        <translation>等待 p50</translation>
    </message>
    <message>
        <source>wait p99</source>
        <translation>等待 p99</translation>
    </message>
    <message>
        <source>service p50 (right axis)</source>
        <translation>服务 p50（右轴）</translation>
    </message>
    <message>
        <source>service p99 (right axis)</source>
        <translation>服务 p99（右轴）</translation>
    </message>
    <message>
        <source>Queue depth: %1</source>
        <translation>队列深度：%1</translation>
    </message>
    <message>
        <source>Queue wait vs service: %1</source>
        <translation>队列等待与服务时间：%1</translation>
    </message>
    <message>
        <source>Latency histogram: all workloads</source>
        <translation>延迟直方图：全部工作负载</translation>
    </message>
    <message>
        <source>Latency histogram: %1</source>
        <translation>延迟直方图：%1</translation>
    </message>
    <message>
        <source>slowest workload</source>
        <translation>最慢的工作负载</translation>
    </message>
    <message>
        <source>Latency since the start: %1</source>
        <translation>自开始以来的延迟：%1</translation>
    </message>
    <message>
        <source>Latency per interval: %1</source>
        <translation>每个间隔的延迟：%1</translation>
    </message>
    <message>
        <source>target rate</source>
        <translation>目标速率</translation>
    </message>
    <message>
        <source>%1 %2: %3 → %4</source>
        <translation>%1 %2：%3 → %4</translation>
    </message>
    <message>
        <source>target workers or connections (right axis)</source>
        <translation>目标并发数或连接数（右轴）</translation>
    </message>
</context>
<context>
    <name>coroscope::ClientConnectionsWorkload</name>
    <message>
        <source>a %1 workload changes its connections, not its %2</source>
        <translation>%1 工作负载只能修改连接数，不能修改%2</translation>
    </message>
    <message>
        <source>expected from 0 to %1 connections, found %2</source>
        <translation>连接数应在 0 到 %1 之间，实际为 %2</translation>
    </message>
</context>
<context>
    <name>coroscope::EchoWorkload</name>
    <message>
        <source>server &quot;%1&quot;: expected an IP address or localhost as the host</source>
        <translation>服务器“%1”：主机应为 IP 地址或 localhost</translation>
    </message>
    <message>
        <source>built-in echo server %1:%2</source>
        <translation>内置回显服务器 %1:%2</translation>
    </message>
</context>
<context>
    <name>coroscope::ErrorsModel</name>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>Error kind</source>
        <translation>错误类型</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>最近一条消息</translation>
    </message>
</context>
<context>
    <name>coroscope::FleetAgent</name>
    <message>
        <source>--name: expected letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (at most 64), found &quot;%1&quot;</source>
        <translation>--name：应为字母、数字、“.”、“_”或“-”（最多 64 个），实际为“%1”</translation>
    </message>
    <message>
        <source>an agent named %1 is already in this fleet (choose another --name)</source>
        <translation>集群中已有名为 %1 的代理（请换一个 --name）</translation>
    </message>
    <message>
        <source>agent %1 joined the fleet at %2 (version %3)</source>
        <translation>代理 %1 已加入位于 %2 的集群（版本 %3）</translation>
    </message>
    <message>
        <source>lost the connection to Redis: %1</source>
        <translation>与 Redis 的连接已断开：%1</translation>
    </message>
    <message>
        <source>agent %1: ignoring the control stream&apos;s answer: %2</source>
        <translation>代理 %1：忽略控制流的回复：%2</translation>
    </message>
    <message>
        <source>internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
    <message>
        <source>the controller runs version %1 and this agent version %2: versions must match</source>
        <translation>控制端版本为 %1，本代理版本为 %2：版本必须一致</translation>
    </message>
    <message>
        <source>cannot check who controls the fleet: %1</source>
        <translation>无法确认谁在控制集群：%1</translation>
    </message>
    <message>
        <source>the run came from %1, which is not the controller of this fleet</source>
        <translation>该运行来自 %1，它不是本集群的控制端</translation>
    </message>
    <message>
        <source>agent %1: ignoring control message %2: %3</source>
        <translation>代理 %1：忽略控制消息 %2：%3</translation>
    </message>
    <message>
        <source>protocol version &quot;%1&quot;, this agent speaks %2</source>
        <translation>协议版本为“%1”，本代理使用 %2</translation>
    </message>
    <message>
        <source>no valid run id</source>
        <translation>没有有效的运行 id</translation>
    </message>
    <message>
        <source>agent %1: the controller asked to %2 run %3</source>
        <translation>代理 %1：控制端要求 %2 运行 %3</translation>
    </message>
    <message>
        <source>unknown type &quot;%1&quot;</source>
        <translation>未知类型“%1”</translation>
    </message>
    <message>
        <source>busy with run %1</source>
        <translation>正忙于运行 %1</translation>
    </message>
    <message>
        <source>agent %1: refused run %2: %3</source>
        <translation>代理 %1：拒绝运行 %2：%3</translation>
    </message>
    <message>
        <source>agent %1: cannot run %2: %3</source>
        <translation>代理 %1：无法运行 %2：%3</translation>
    </message>
    <message>
        <source>the agent is stopping</source>
        <translation>代理正在停止</translation>
    </message>
    <message>
        <source>no workload</source>
        <translation>没有工作负载</translation>
    </message>
    <message>
        <source>agent %1: running part %2 of %3 of run %4</source>
        <translation>代理 %1：正在运行 %4 的第 %2/%3 份</translation>
    </message>
    <message>
        <source>agent %1: cannot write the report: %2</source>
        <translation>代理 %1：无法写入报告：%2</translation>
    </message>
    <message>
        <source>agent %1: run %2 ended, %3 tasks done</source>
        <translation>代理 %1：运行 %2 已结束，完成 %3 个任务</translation>
    </message>
    <message>
        <source>agent %1: the controller of run %2 is gone: cancelling it</source>
        <translation>代理 %1：运行 %2 的控制端已不在：正在取消它</translation>
    </message>
</context>
<context>
    <name>coroscope::FleetController</name>
    <message>
        <source>the fleet&apos;s Redis: %1</source>
        <translation>集群的 Redis：%1</translation>
    </message>
    <message>
        <source>another controller (%1) is running this fleet: one run at a time</source>
        <translation>另一个控制端（%1）正在运行此集群：一次只能有一个运行</translation>
    </message>
    <message>
        <source>internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
    <message>
        <source>%1, other labels</source>
        <translation>%1，标签不符</translation>
    </message>
    <message>
        <source>the fleet&apos;s Redis stopped answering while waiting for agents</source>
        <translation>等待代理时集群的 Redis 停止了响应</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>interrupted while waiting for agents</source>
        <translation>等待代理时被中断</translation>
    </message>
    <message>
        <source>cannot publish the run: %1</source>
        <translation>无法发布运行：%1</translation>
    </message>
    <message>
        <source>waited %1 s for %2 idle agents; in the fleet: %3</source>
        <translation>已等待 %1 秒，需要 %2 个空闲代理；集群中有：%3</translation>
    </message>
    <message>
        <source>sent no final delta %1 ms after the cancel</source>
        <translation>取消后 %1 毫秒内未发送最终增量</translation>
    </message>
    <message>
        <source>lost the fleet&apos;s Redis: %1</source>
        <translation>失去了集群的 Redis：%1</translation>
    </message>
    <message>
        <source>missed its heartbeats for %1 ms</source>
        <translation>%1 毫秒内未收到心跳</translation>
    </message>
    <message>
        <source>ignoring entry %1 of the run&apos;s stream: not a protocol %2 message from one of its agents</source>
        <translation>忽略运行流中的条目 %1：不是来自其代理的协议 %2 消息</translation>
    </message>
    <message>
        <source>sent a delta that does not decode: %1</source>
        <translation>发送了无法解码的增量：%1</translation>
    </message>
    <message>
        <source>agent %1 refused the run: %2</source>
        <translation>代理 %1 拒绝了运行：%2</translation>
    </message>
    <message>
        <source>agent %1 could not run its part: %2</source>
        <translation>代理 %1 无法运行其份额：%2</translation>
    </message>
    <message>
        <source>sent a message of unknown type &quot;%1&quot;</source>
        <translation>发送了未知类型“%1”的消息</translation>
    </message>
    <message>
        <source>agent %1 lost: %2</source>
        <translation>代理 %1 已丢失：%2</translation>
    </message>
    <message>
        <source>agent %1 was lost (%2) and run.onAgentLoss is &quot;fail&quot;</source>
        <translation>代理 %1 已丢失（%2），且 run.onAgentLoss 为“fail”</translation>
    </message>
    <message>
        <source>generator stall: agent %1&apos;s event loop lags %2 ms (p99), so its latencies include its own delay: it, not the target, is the bottleneck</source>
        <translation>生成端停滞：代理 %1 的事件循环延迟 %2 毫秒（p99），其延迟包含自身的滞后：瓶颈是它而不是目标</translation>
    </message>
</context>
<context>
    <name>coroscope::FleetRunDialog</name>
    <message>
        <source>Run on Fleet</source>
        <translation>在集群上运行</translation>
    </message>
    <message>
        <source>The Redis every agent joined (coroscope agent --redis URL)</source>
        <translation>所有代理加入的 Redis（coroscope agent --redis URL）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The environment variable holding Redis&apos;s password, as a queue&apos;s passwordEnv</source>
        <translation>保存 Redis 密码的环境变量，与队列的 passwordEnv 相同</translation>
    </message>
    <message>
        <source>How many idle agents run the profile; each runs an even share of every workload</source>
        <translation>由多少个空闲代理运行配置文件；每个代理平均分担每个工作负载</translation>
    </message>
    <message>
        <source>zone=eu, tier=a</source>
        <translation>zone=eu, tier=a</translation>
    </message>
    <message>
        <source>Only agents carrying every one of these labels (coroscope agent --label k=v)</source>
        <translation>只使用带有全部这些标签的代理（coroscope agent --label k=v）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>How long to wait for the agents before giving up</source>
        <translation>放弃之前等待代理的时长</translation>
    </message>
    <message>
        <source>&amp;Redis URL:</source>
        <translation>&amp;Redis URL：</translation>
    </message>
    <message>
        <source>&amp;Password variable:</source>
        <translation>密码变量(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Agents:</source>
        <translation>代理数(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Labels:</source>
        <translation>标签(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Wait for agents:</source>
        <translation>等待代理(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Start on Fleet</source>
        <translation>在集群上开始(&amp;S)</translation>
    </message>
    <message>
        <source>Redis URL</source>
        <translation>Redis URL</translation>
    </message>
</context>
<context>
    <name>coroscope::FleetSession</name>
    <message>
        <source>A&amp;gents</source>
        <translation>代理(&amp;G)</translation>
    </message>
    <message>
        <source>Run on &amp;Fleet...</source>
        <translation>在集群上运行(&amp;F)...</translation>
    </message>
    <message>
        <source>Run the profile on agents that joined a Redis (coroscope agent --redis URL)</source>
        <translation>在加入某个 Redis 的代理上运行配置文件（coroscope agent --redis URL）</translation>
    </message>
    <message>
        <source>Start Runs on the Fleet</source>
        <translation>“开始”在集群上运行</translation>
    </message>
    <message>
        <source>Start Runs on the Fleet (%1)</source>
        <translation>“开始”在集群上运行（%1）</translation>
    </message>
    <message>
        <source>Waiting for %1 agents; in the fleet: %2</source>
        <translation>正在等待 %1 个代理；集群中：%2</translation>
    </message>
    <message>
        <source>Running on %1 agents</source>
        <translation>正在 %1 个代理上运行</translation>
    </message>
    <message>
        <source>The fleet run failed: %1</source>
        <translation>集群运行失败：%1</translation>
    </message>
    <message>
        <source>The fleet run ended; %1 of %2 agents were lost</source>
        <translation>集群运行已结束；%2 个代理中丢失了 %1 个</translation>
    </message>
    <message>
        <source>The fleet run ended on %1 agents</source>
        <translation>集群运行已在 %1 个代理上结束</translation>
    </message>
    <message>
        <source>The fleet run did not start</source>
        <translation>集群运行未能开始</translation>
    </message>
</context>
<context>
    <name>coroscope::HttpFanoutWorkload</name>
    <message>
        <source>%1 (the fast engine)</source>
        <translation>%1（fast 引擎）</translation>
    </message>
    <message>
        <source>built-in HTTP target %1</source>
        <translation>内置 HTTP 目标 %1</translation>
    </message>
    <message>
        <source>%1 (+%2 more)</source>
        <translation>%1（另有 %2 个）</translation>
    </message>
    <message>
        <source>%1, fast engine</source>
        <translation>%1，fast 引擎</translation>
    </message>
    <message>
        <source>%1, qnam engine</source>
        <translation>%1，qnam 引擎</translation>
    </message>
    <message>
        <source>the open model (a rate) changes its rate, not its %1</source>
        <translation>开放模型（有速率）只能修改速率，不能修改%1</translation>
    </message>
    <message>
        <source>the closed model (no rate) changes its concurrency, not its %1</source>
        <translation>封闭模型（无速率）只能修改并发数，不能修改%1</translation>
    </message>
    <message>
        <source>expected a rate from 0 to 10000000 per second, found %1</source>
        <translation>速率应在每秒 0 到 10000000 之间，实际为 %1</translation>
    </message>
    <message>
        <source>expected a concurrency from 0 to %1, found %2</source>
        <translation>并发数应在 0 到 %1 之间，实际为 %2</translation>
    </message>
</context>
<context>
    <name>coroscope::JsonFormBinder</name>
    <message>
        <source>expected a number or JSON text such as {&quot;dist&quot;: &quot;uniform&quot;, &quot;min&quot;: 1, &quot;max&quot;: 5}: %1 at character %2</source>
        <translation>应为数字或 JSON 文本，例如 {&quot;dist&quot;: &quot;uniform&quot;, &quot;min&quot;: 1, &quot;max&quot;: 5}：第 %2 个字符处%1</translation>
    </message>
</context>
<context>
    <name>coroscope::LatencyHistogramChart</name>
    <message>
        <source>Latency histogram</source>
        <translation>延迟直方图</translation>
    </message>
    <message>
        <source>%1 (tasks per bin, latency in ms)</source>
        <translation>%1（每个区间的任务数，延迟单位为毫秒）</translation>
    </message>
    <message>
        <source>Export as PNG...</source>
        <translation>导出为 PNG...</translation>
    </message>
</context>
<context>
    <name>coroscope::LiveChangeBar</name>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>Change while running:</source>
        <translation>运行中修改：</translation>
    </message>
    <message>
        <source>Apply the new value now, without restarting anything; the change is marked on the charts and listed in the report</source>
        <translation>立即应用新值，无需重启任何东西；此修改会在图表上标出并列入报告</translation>
    </message>
    <message>
        <source>%1 of %2 set to %3</source>
        <translation>%2 的%1已设为 %3</translation>
    </message>
</context>
<context>
    <name>coroscope::MainWindow</name>
    <message>
        <source>Cannot start</source>
        <translation>无法开始</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>About Coroscope</source>
        <translation>关于 Coroscope</translation>
    </message>
    <message>
        <source>&lt;b&gt;Coroscope %1&lt;/b&gt;&lt;p&gt;Runs asynchronous workloads on the Qt event loop with QCoro coroutines and shows, live, what every task is doing.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Coroscope %1&lt;/b&gt;&lt;p&gt;借助 QCoro 协程在 Qt 事件循环上运行异步工作负载，并实时显示每个任务正在做什么。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1[*] - Coroscope</source>
        <translation>%1[*] - Coroscope</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>没有可导出的内容</translation>
    </message>
    <message>
        <source>Run the profile first: the report describes a finished run.</source>
        <translation>请先运行配置文件：报告描述的是一次已完成的运行。</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>JSON reports (*.json)</source>
        <translation>JSON 报告 (*.json)</translation>
    </message>
    <message>
        <source>Cannot export the report</source>
        <translation>无法导出报告</translation>
    </message>
    <message>
        <source>Report written to %1 and %2</source>
        <translation>报告已写入 %1 和 %2</translation>
    </message>
    <message>
        <source>Charts written to %1</source>
        <translation>图表已写入 %1</translation>
    </message>
    <message>
        <source>Start the profile&apos;s workloads (F5)</source>
        <translation>启动配置文件中的工作负载（F5）</translation>
    </message>
    <message>
        <source>Cannot start:
%1</source>
        <translation>无法启动：
%1</translation>
    </message>
    <message>
        <source>No profile is loaded.</source>
        <translation>未加载配置文件。</translation>
    </message>
    <message>
        <source>A run is in progress: stop it or cancel all first.</source>
        <translation>正在运行：请先停止或全部取消。</translation>
    </message>
    <message>
        <source>workloads: expected at least one enabled workload</source>
        <translation>workloads：应至少启用一个工作负载</translation>
    </message>
    <message>
        <source>Waiting for agents</source>
        <translation>正在等待代理</translation>
    </message>
</context>
<context>
    <name>coroscope::MaxRateChart</name>
    <message>
        <source>Latency and errors by offered rate</source>
        <translation>各施加速率下的延迟与错误</translation>
    </message>
    <message>
        <source>requests per second</source>
        <translation>每秒请求数</translation>
    </message>
    <message>
        <source>errors %</source>
        <translation>错误 %</translation>
    </message>
    <message>
        <source>error rate (right axis)</source>
        <translation>错误率（右轴）</translation>
    </message>
    <message>
        <source>p99 target</source>
        <translation>p99 目标</translation>
    </message>
    <message>
        <source>met the targets</source>
        <translation>达到目标</translation>
    </message>
</context>
<context>
    <name>coroscope::MaxRateDialog</name>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Find Max Rate</source>
        <translation>查找最高速率</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>http-fanout &amp;workload:</source>
        <translation>http-fanout 工作负载(&amp;W)：</translation>
    </message>
    <message>
        <source>p99 at most:</source>
        <translation>p99 不超过：</translation>
    </message>
    <message>
        <source>error rate at most:</source>
        <translation>错误率不超过：</translation>
    </message>
    <message>
        <source>each step at least:</source>
        <translation>每步至少：</translation>
    </message>
    <message>
        <source>Runs the workload at doubling rates until one misses the targets, then bisects.</source>
        <translation>以逐步加倍的速率运行该工作负载，直到某一步未达目标，然后二分查找。</translation>
    </message>
    <message>
        <source>This profile has no http-fanout workload to search.</source>
        <translation>此配置中没有可供查找的 http-fanout 工作负载。</translation>
    </message>
    <message>
        <source>Running %1 requests/s…</source>
        <translation>正在以每秒 %1 个请求运行…</translation>
    </message>
    <message>
        <source>max rate: %1/s</source>
        <translation>最高速率：%1/秒</translation>
    </message>
    <message>
        <source>No rate met the targets, not even the first step&apos;s.</source>
        <translation>没有任何速率达到目标，连第一步也没有。</translation>
    </message>
</context>
<context>
    <name>coroscope::MaxRateSearch</name>
    <message>
        <source>the workload &quot;%1&quot; is %2; the max-rate search drives an http-fanout workload</source>
        <translation>工作负载 &quot;%1&quot; 的类型是 %2；最高速率查找只驱动 http-fanout 工作负载</translation>
    </message>
    <message>
        <source>--p99-ms: expected a positive number of milliseconds</source>
        <translation>--p99-ms：应为正的毫秒数</translation>
    </message>
    <message>
        <source>--max-error-rate: expected a fraction from 0 to 1</source>
        <translation>--max-error-rate：应为 0 到 1 之间的比例</translation>
    </message>
    <message>
        <source>--step-seconds: expected a positive number of seconds</source>
        <translation>--step-seconds：应为正的秒数</translation>
    </message>
    <message>
        <source>no workload named &quot;%1&quot; in the profile (it has: %2)</source>
        <translation>配置中没有名为 &quot;%1&quot; 的工作负载（已有：%2）</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>the workload did not run</source>
        <translation>该工作负载没有运行</translation>
    </message>
    <message>
        <source>only %1 requests finished, fewer than %2</source>
        <translation>只完成了 %1 个请求，少于 %2 个</translation>
    </message>
    <message>
        <source>the generator&apos;s loop lag p99 was %1 ms (over %2 ms): the generator, not the target, was the limit</source>
        <translation>负载生成器自身的事件循环延迟 p99 为 %1 毫秒（超过 %2 毫秒）：瓶颈在生成器而非目标</translation>
    </message>
    <message>
        <source>p99 %1 ms over %2 ms</source>
        <translation>p99 %1 毫秒，超过 %2 毫秒</translation>
    </message>
    <message>
        <source>error rate %1 over %2</source>
        <translation>错误率 %1，超过 %2</translation>
    </message>
    <message>
        <source>step: %1/s for %2 s</source>
        <translation>步骤：每秒 %1 个，持续 %2 秒</translation>
    </message>
    <message>
        <source>  %1/s: %2 requests, p50 %3 ms, p99 %4 ms, errors %5 %, loop lag p99 %6 ms: %7</source>
        <translation>  %1/秒：%2 个请求，p50 %3 毫秒，p99 %4 毫秒，错误 %5 %，循环延迟 p99 %6 毫秒：%7</translation>
    </message>
    <message>
        <source>good</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>%1: cannot write the report: %2</source>
        <translation>%1：无法写入报告：%2</translation>
    </message>
    <message>
        <source>no rate met the targets, not even %1/s</source>
        <translation>没有任何速率达到目标，连 %1/秒 也没有</translation>
    </message>
</context>
<context>
    <name>coroscope::ProfileDocument</name>
    <message>
        <source>Cannot open a profile</source>
        <translation>无法打开配置文件</translation>
    </message>
    <message>
        <source>Stop the run first.</source>
        <translation>请先停止运行。</translation>
    </message>
    <message>
        <source>Cannot open the profile</source>
        <translation>无法打开配置文件</translation>
    </message>
    <message>
        <source>The profile was not opened; the current one stays.

%1</source>
        <translation>未打开该配置文件，继续使用当前配置文件。

%1</translation>
    </message>
    <message>
        <source>Opened with warnings</source>
        <translation>已打开，但有警告</translation>
    </message>
    <message>
        <source>The profile was opened with these warnings. Unknown keys are not used, and saving keeps them.

%1</source>
        <translation>配置文件已打开，但有以下警告。未知键运行时不使用，保存时保留。

%1</translation>
    </message>
    <message>
        <source>Open Profile</source>
        <translation>打开配置文件</translation>
    </message>
    <message>
        <source>Coroscope profiles (*.json);;All files (*)</source>
        <translation>Coroscope 配置文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Profile</source>
        <translation>保存配置文件</translation>
    </message>
    <message>
        <source>Coroscope profiles (*.json)</source>
        <translation>Coroscope 配置文件 (*.json)</translation>
    </message>
    <message>
        <source>Cannot save the profile</source>
        <translation>无法保存配置文件</translation>
    </message>
    <message>
        <source>Fix these first: a profile saved like this would not open again.

%1</source>
        <translation>请先修正以下问题：这样保存的配置文件将无法再次打开。

%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; has changes that are not saved.</source>
        <translation>配置文件“%1”有尚未保存的更改。</translation>
    </message>
    <message>
        <source>rules[%1].workload: expected the name of a workload of this profile, found &quot;%2&quot;</source>
        <translation>rules[%1].workload：应为本配置文件中某个工作负载的名称，实际为“%2”</translation>
    </message>
</context>
<context>
    <name>coroscope::QueueWorkload</name>
    <message>
        <source>its set-up is still running</source>
        <translation>其准备仍在进行</translation>
    </message>
    <message>
        <source>its set-up did not end</source>
        <translation>其准备未能结束</translation>
    </message>
    <message>
        <source>its set-up was cancelled</source>
        <translation>其准备已取消</translation>
    </message>
    <message>
        <source>its set-up failed: %1</source>
        <translation>其准备失败：%1</translation>
    </message>
    <message>
        <source>in-memory queue fed by a TCP line intake on 127.0.0.1:%1</source>
        <translation>由 127.0.0.1:%1 上的 TCP 行接收端供给的内存队列</translation>
    </message>
    <message>
        <source>Redis list %1 at %2</source>
        <translation>%2 上的 Redis 列表 %1</translation>
    </message>
    <message>
        <source>in-memory queue</source>
        <translation>内存队列</translation>
    </message>
    <message>
        <source>only the production rate of coroutine producers (ratePerSecond &gt; 0) changes while a queue runs, not its %1</source>
        <translation>队列运行时只能修改协程生产者的生产速率（ratePerSecond &gt; 0），不能修改%1</translation>
    </message>
    <message>
        <source>expected a rate from 0 to 100000000 per second, found %1</source>
        <translation>速率应在每秒 0 到 100000000 之间，实际为 %1</translation>
    </message>
</context>
<context>
    <name>coroscope::ResponseBreakdownModel</name>
    <message>
        <source>check %1</source>
        <translation>检查 %1</translation>
    </message>
    <message>
        <source>(other URLs)</source>
        <translation>（其他 URL）</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>Check or URL</source>
        <translation>检查或 URL</translation>
    </message>
    <message>
        <source>Passed / succeeded</source>
        <translation>通过 / 成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50 ms</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95 ms</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
</context>
<context>
    <name>coroscope::RulesDialog</name>
    <message>
        <source>(whole run)</source>
        <translation>（整个运行）</translation>
    </message>
</context>
<context>
    <name>coroscope::RulesPanel</name>
    <message>
        <source>%1 (evaluated when the run ends)</source>
        <translation>%1（运行结束时评估）</translation>
    </message>
    <message>
        <source>No rules: every run passes.</source>
        <translation>没有规则：每次运行都算通过。</translation>
    </message>
    <message>
        <source>PASS  %1 (actual %2)</source>
        <translation>通过  %1（实际 %2）</translation>
    </message>
    <message>
        <source>FAIL  %1 (actual %2)</source>
        <translation>失败  %1（实际 %2）</translation>
    </message>
    <message>
        <source>, stops the run on failure</source>
        <translation>，未通过时停止运行</translation>
    </message>
    <message>
        <source>…     %1 (not yet judged%2)</source>
        <translation>…     %1（尚未判定%2）</translation>
    </message>
    <message>
        <source>pass  %1 (now %2%3)</source>
        <translation>通过  %1（当前 %2%3）</translation>
    </message>
    <message>
        <source>fail  %1 (now %2%3)</source>
        <translation>未通过  %1（当前 %2%3）</translation>
    </message>
</context>
<context>
    <name>coroscope::Run</name>
    <message>
        <source>cancelled during set-up</source>
        <translation>在准备阶段被取消</translation>
    </message>
    <message>
        <source>no such running workload</source>
        <translation>没有这个正在运行的工作负载</translation>
    </message>
    <message>
        <source>the workload %1 is not running</source>
        <translation>工作负载 %1 没有在运行</translation>
    </message>
</context>
<context>
    <name>coroscope::RunShapeControls</name>
    <message>
        <source>Find &amp;Max Rate…</source>
        <translation>查找最高速率(&amp;M)…</translation>
    </message>
    <message>
        <source>Run an http-fanout workload at rising rates to find the highest that meets a p99 and an error rate</source>
        <translation>以逐步升高的速率运行 http-fanout 工作负载，找出满足 p99 与错误率的最高速率</translation>
    </message>
</context>
<context>
    <name>coroscope::RunStatusLabels</name>
    <message>
        <source>Loop lag p99 %1 ms, recent max %2 ms</source>
        <translation>循环延迟 p99 %1 ms，近期最大 %2 ms</translation>
    </message>
    <message>
        <source>The event loop ran %1 ms late: the generator, not the target, is now the bottleneck, and latencies include that delay.</source>
        <translation>事件循环延迟了 %1 毫秒：现在的瓶颈是负载生成器本身，而不是目标；延迟数据中包含了这段耽搁。</translation>
    </message>
    <message>
        <source>How late the event loop&apos;s 10 ms heartbeat runs (p99 over the run, and the worst since the last update)</source>
        <translation>事件循环每 10 ms 一次的心跳执行时的延迟（整个运行期间的 p99，以及自上次更新以来的最大值）</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) finished, %1 of them cancelled</source>
        <translation>
            <numerusform>已结束 %n 个任务，其中 %1 个已取消</numerusform>
        </translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>Worst of %1 loop threads. Per thread (p50 / p99 / max ms):</source>
        <translation>%1 个循环线程中最差的。各线程（p50 / p99 / 最大，毫秒）：</translation>
    </message>
    <message>
        <source>thread %1: %2 / %3 / %4</source>
        <translation>线程 %1：%2 / %3 / %4</translation>
    </message>
</context>
<context>
    <name>coroscope::StateCountsModel</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Done/s</source>
        <translation>完成数/s</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50 ms</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <source>Running tasks wait on</source>
        <translation>运行中任务的等待对象</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Tasks done in the last second; 0 once the workload or the run has ended</source>
        <translation>最近一秒完成的任务数；工作负载或运行结束后为 0</translation>
    </message>
    <message>
        <source>Tasks done per second of the workload&apos;s own active time: from its start (startAfterMs) to its finish, or to now while it runs</source>
        <translation>按工作负载自身活动时间计算的每秒完成任务数：从其开始（startAfterMs）到结束，运行中则到当前</translation>
    </message>
    <message>
        <source>When the workload finished, in seconds since the run started</source>
        <translation>工作负载结束的时间，自运行开始起的秒数</translation>
    </message>
    <message>
        <source>Avg done/s</source>
        <translation>平均完成数/s</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95 ms</translation>
    </message>
    <message>
        <source>Finished at s</source>
        <translation>结束于（秒）</translation>
    </message>
</context>
<context>
    <name>coroscope::StateTiles</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>The workload selected in the list</source>
        <translation>列表中所选的工作负载</translation>
    </message>
    <message>
        <source>Not part of this run</source>
        <translation>不在本次运行中</translation>
    </message>
</context>
<context>
    <name>coroscope::TaskTableModel</name>
    <message>
        <source>What the task waits on</source>
        <translation>任务正在等待什么</translation>
    </message>
    <message>
        <source>Seconds since the task was created (until it finished, for finished tasks)</source>
        <translation>任务创建以来的秒数（已结束的任务算到结束时）</translation>
    </message>
    <message>
        <source>Running time of a finished task</source>
        <translation>已结束任务的运行时间</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Age (s)</source>
        <translation>存在时间（秒）</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>延迟（毫秒）</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>coroscope::TaskTablePage</name>
    <message>
        <source>&amp;Cancel Selected Tasks</source>
        <translation>取消所选任务(&amp;C)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a task to see its details.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择一个任务以查看其详情。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建于</translation>
    </message>
    <message>
        <source>%1 s after the run started</source>
        <translation>运行开始后 %1 秒</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始于</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>尚未</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>存在时间</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Error kind</source>
        <translation>错误类型</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>错误消息</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) shown (%1 in flight)</source>
        <translation>
            <numerusform>显示 %n 个任务（%1 个进行中）</numerusform>
        </translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>the last %1 of %2 %3</source>
        <translation>%2 个%3任务中的最后 %1 个</translation>
    </message>
</context>
<context>
    <name>coroscope::TcpLineIntake</name>
    <message>
        <source>the log intake cannot listen: %1</source>
        <translation>日志接收端无法监听：%1</translation>
    </message>
</context>
<context>
    <name>coroscope::TimeSeriesChart</name>
    <message>
        <source>Export as PNG...</source>
        <translation>导出为 PNG...</translation>
    </message>
</context>
<context>
    <name>coroscope::Workload</name>
    <message>
        <source>%1 cannot change while a %2 workload runs</source>
        <translation>%2 工作负载运行时不能修改%1</translation>
    </message>
    <message>
        <source>the workload %1 is not running</source>
        <translation>工作负载 %1 没有在运行</translation>
    </message>
    <message>
        <source>nothing of a %1 workload changes while it runs</source>
        <translation>%1 工作负载运行时没有可修改的项</translation>
    </message>
    <message>
        <source>%1 cannot change while %2 runs; what can: %3</source>
        <translation>%2 运行时不能修改%1；可以修改的有：%3</translation>
    </message>
</context>
<context>
    <name>coroscope::WorkloadsEditor</name>
    <message>
        <source>D&amp;uplicate</source>
        <translation>复制(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>重命名(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>移除(&amp;M)</translation>
    </message>
    <message>
        <source>expected a name, found none</source>
        <translation>应为名称，实际为空</translation>
    </message>
    <message>
        <source>expected a name no other workload has, found &quot;%1&quot; again</source>
        <translation>应为其他工作负载未使用的名称，实际“%1”重复出现</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>coroscope: no display found (DISPLAY is not set). Run `coroscope --headless PROFILE.json`, or the GUI under xvfb-run.</source>
        <translation>coroscope：找不到显示（未设置 DISPLAY）。请运行 `coroscope --headless PROFILE.json`，或在 xvfb-run 下运行图形界面。</translation>
    </message>
</context>
</TS>
