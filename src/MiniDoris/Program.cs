namespace MiniDoris;

/// <summary>The minidoris executable.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("minidoris: the network fronts are not wired yet");
        return args.Length == 0 ? 2 : 2;
    }
}
