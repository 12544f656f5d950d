namespace Syncer.Store;

/// <summary>A job store operation failed; the message says what and why, without secrets.</summary>
public class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public StoreException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with its cause, saying whether retrying later may succeed.</summary>
    public StoreException(string message, Exception inner, bool isTransient) : base(message, inner) => IsTransient = isTransient;

    /// <summary>
    /// True when the store was unreachable or busy (a restart, a lost connection, a lock timeout): the same
    /// operation may succeed later. False for errors that retrying cannot fix (bad schema, wrong key file).
    /// </summary>
    public bool IsTransient { get; }
}
