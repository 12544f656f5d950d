namespace Syncer.Store;

/// <summary>A job store operation failed; the message says what and why, without secrets.</summary>
public class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public StoreException(string message, Exception inner) : base(message, inner) { }
}
