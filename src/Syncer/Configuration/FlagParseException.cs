namespace Syncer.Configuration;

/// <summary>A command line that cannot be accepted; the message is the one line printed before exiting with code 2.</summary>
public sealed class FlagParseException(string message) : Exception(message);
