using System.Collections.Concurrent;
using System.Reflection;

namespace Syncer.Wire.Thrift.Serialization;

/// <summary>
/// Picks the codec for a CLR type: bool, sbyte, short, int, long, double, string, byte[] (binary),
/// int-backed enums (i32), Nullable of those, List, HashSet, Dictionary and [ThriftStruct] classes.
/// </summary>
public static class ThriftCodecs
{
    private static readonly ConcurrentDictionary<Type, object> Cache = new();

    public static ThriftCodec<T> For<T>() => (ThriftCodec<T>)For(typeof(T));

    public static StructCodec<T> Struct<T>()
        where T : class, new() => (StructCodec<T>)For(typeof(T));

    internal static object For(Type type) => Cache.GetOrAdd(type, Create);

    private static object Create(Type type)
    {
        if (type == typeof(bool)) return BoolCodec.Instance;
        if (type == typeof(sbyte)) return ByteCodec.Instance;
        if (type == typeof(short)) return I16Codec.Instance;
        if (type == typeof(int)) return I32Codec.Instance;
        if (type == typeof(long)) return I64Codec.Instance;
        if (type == typeof(double)) return DoubleCodec.Instance;
        if (type == typeof(string)) return StringCodec.Instance;
        if (type == typeof(byte[])) return BinaryCodec.Instance;

        if (type.IsEnum)
        {
            if (Enum.GetUnderlyingType(type) != typeof(int))
            {
                throw new InvalidOperationException($"Thrift enum {type} must be backed by int");
            }

            return Make(typeof(EnumCodec<>), [type]);
        }

        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Make(typeof(NullableCodec<>), [inner], For(inner));
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (definition == typeof(List<>)) return Make(typeof(ListCodec<>), args, For(args[0]));
            if (definition == typeof(HashSet<>)) return Make(typeof(SetCodec<>), args, For(args[0]));
            if (definition == typeof(Dictionary<,>)) return Make(typeof(MapCodec<,>), args, For(args[0]), For(args[1]));
        }

        if (type.IsClass && type.GetCustomAttribute<ThriftStructAttribute>() is not null)
        {
            return Make(typeof(StructCodec<>), [type]);
        }

        throw new InvalidOperationException($"no Thrift encoding for {type}");
    }

    private static object Make(Type definition, Type[] args, params object[] ctorArgs) =>
        Activator.CreateInstance(
            definition.MakeGenericType(args),
            BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic,
            binder: null,
            ctorArgs,
            culture: null)!;
}
