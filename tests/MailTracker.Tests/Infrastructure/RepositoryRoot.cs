namespace MailTracker.Tests.Infrastructure;

/// <summary>The checkout the tests were built from: the directory above the test binaries that holds MailTracker.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "MailTracker.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("MailTracker.sln was not found above " + AppContext.BaseDirectory);
    }
}
