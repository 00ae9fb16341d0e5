using MailTracker.BenchHost;
using MailTracker.Silo.Hosting;

// The shipped silo, configured and mapped exactly as src/Silo does it, plus the benchmark's endpoints.
var builder = WebApplication.CreateBuilder(args);
builder.AddMailTracker();
builder.Services.AddSingleton<BenchTable>();
builder.Services.AddSingleton<BenchGroupCommit>();
builder.Services.AddSingleton<AllocationSampler>();
var app = builder.Build();
app.MapMailTracker();
app.MapBenchEndpoints();
await app.RunAsync();
