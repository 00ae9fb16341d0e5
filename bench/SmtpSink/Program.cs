using System.Globalization;
using System.Net;
using MailTracker.SmtpSink;
using SmtpServer;

// dotnet MailTracker.SmtpSink.dll <port> [<records file>]: listens on 127.0.0.1:<port> (SMTP on TCP; with a records file
// also DNS on UDP, answering TXT queries from the file's "name TAB value" lines) until killed, and prints every second how many
// messages it accepted, how many distinct Message-IDs they had, and when the last arrived (Unix ms): the last line is the
// total ("accepted 10000 distinct 10000 last 1796328000123").
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var counter = new CountingStore(TimeProvider.System);
var services = new SmtpServer.ComponentModel.ServiceProvider();
services.Add(counter);
var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
var server = new SmtpServer.SmtpServer(options, services).StartAsync(CancellationToken.None);
var dns = args.Length > 1 ? new RecordsFileDns(new IPEndPoint(IPAddress.Loopback, port), args[1]).Start() : null;
Console.WriteLine($"listening on 127.0.0.1:{port}");
while (!server.IsCompleted)
{
    await Task.Delay(1000);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accepted {counter.Count} distinct {counter.Distinct} last {counter.LastReceived.ToUnixTimeMilliseconds()}"));
}
await server;
dns?.Stop();
