namespace MiniDoris.Faults;

/// <summary>What an injected fault does (docs/minidoris.md, "Fault injection").</summary>
public enum FaultAction
{
    /// <summary>Answer with an error status (RPC) or an error HTTP status, without doing the work.</summary>
    Fail,

    /// <summary>Wait, then serve normally.</summary>
    Delay,

    /// <summary>Wait, then drop the connection without an answer (the caller times out first).</summary>
    Timeout,

    /// <summary>Reset the connection without an answer.</summary>
    Reset,

    /// <summary>FE RPCs answer NOT_MASTER, with master_address when one is given.</summary>
    NotMaster,

    /// <summary>HTTP downloads answer with damaged bytes (the Content-MD5 still describes the real ones).</summary>
    Corrupt,

    /// <summary>Backup/restore jobs stop advancing (at a given state, or wherever they are).</summary>
    Hold,

    /// <summary>The fault is armed without a specific behaviour (publish_timeout uses its delay).</summary>
    On,
}
