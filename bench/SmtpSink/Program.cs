using System.Globalization;
using System.Net;
using MailTracker.SmtpSink;
using SmtpServer;

// dotnet MailTracker.SmtpSink.dll <port>: listens on 127.0.0.1:<port> until killed, and prints how many messages it
// accepted every second (the last line is the total).
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var counter = new CountingStore();
var services = new SmtpServer.ComponentModel.ServiceProvider();
services.Add(counter);
var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
var server = new SmtpServer.SmtpServer(options, services).StartAsync(CancellationToken.None);
Console.WriteLine($"listening on 127.0.0.1:{port}");
while (!server.IsCompleted)
{
    await Task.Delay(1000);
    Console.WriteLine(counter.Count.ToString(CultureInfo.InvariantCulture));
}
await server;
