using System.Text;

namespace ChainTrader.UnitTests.Infra;

/// <summary>
/// A small structural checker for Bicep files, for a machine without the Bicep compiler. It lexes Bicep
/// (comments, '...' strings with ${...} interpolation, ''' multi-line strings), checks bracket balance, collects
/// declarations and reports identifiers that are used but never declared. It is no type checker: property
/// names, resource types and API versions are left to `az bicep build`.
/// </summary>
public sealed class BicepChecker
{
    private static readonly HashSet<string> Keywords =
    [
        "targetScope", "param", "var", "resource", "module", "output", "existing", "for", "in", "if",
        "true", "false", "null", "import", "using", "metadata", "type", "func", "with", "as",
        "string", "int", "bool", "object", "array", "any", "az", "sys",
    ];

    private static readonly HashSet<string> DeclarationKeywords = ["param", "var", "resource", "module", "output"];

    private static readonly string[] SecretWords = ["token", "secret", "password", "privatekey", "connectionstring", "apikey", "rpcurl"];

    private BicepChecker(string path, IReadOnlyList<Token> tokens, List<string> problems)
    {
        Path = path;
        _tokens = tokens;
        Problems = problems;
    }

    private readonly IReadOnlyList<Token> _tokens;

    public string Path { get; }
    public List<string> Problems { get; }
    public Dictionary<string, BicepDeclaration> Declarations { get; } = new(StringComparer.Ordinal);
    public List<BicepDeclaration> Outputs { get; } = [];
    public HashSet<string> LocalNames { get; } = new(StringComparer.Ordinal);
    public List<BicepModuleUse> Modules { get; } = [];
    public List<(string Name, int Line)> References { get; } = [];

    public IEnumerable<BicepDeclaration> Parameters => Declarations.Values.Where(d => d.Kind == "param");

    public static BicepChecker Check(string path) => Check(path, File.ReadAllText(path));

    public static BicepChecker Check(string path, string text)
    {
        var problems = new List<string>();
        var tokens = Lex(text, path, problems);
        var checker = new BicepChecker(path, tokens, problems);
        if (problems.Count == 0)
        {
            checker.CheckBalance();
            checker.CollectDeclarations();
            checker.CheckReferences();
            checker.CheckSecretParameters();
            checker.CheckModulePaths();
        }
        return checker;
    }

    private enum Kind { Identifier, Symbol, String, Number, NewLine }

    private sealed record Token(Kind Kind, string Text, int Line);

    private static List<Token> Lex(string text, string path, List<string> problems)
    {
        var tokens = new List<Token>();
        // One entry per open ${...}: how many plain '{' are open inside it, so its own '}' can be told apart.
        var interpolations = new Stack<int>();
        var line = 1;
        var i = 0;

        void Fail(string message) => problems.Add($"{path}:{line}: {message}");

        // Reads a '...' string body from i (just past the quote or a closing interpolation brace) up to its end or a '${'.
        bool ReadStringPart()
        {
            var start = line;
            var literal = new StringBuilder();
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length) { literal.Append(text[i + 1]); i += 2; continue; }
                if (c == '\n') { Fail("line break inside a '...' string (use ''' for multi-line strings)."); return false; }
                if (c == '\'') { i++; tokens.Add(new Token(Kind.String, literal.ToString(), start)); return true; }
                if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
                {
                    tokens.Add(new Token(Kind.String, literal.ToString(), start));
                    tokens.Add(new Token(Kind.Symbol, "${", line));
                    interpolations.Push(0);
                    i += 2;
                    return true;
                }
                literal.Append(c);
                i++;
            }
            Fail("unterminated string.");
            return false;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n') { tokens.Add(new Token(Kind.NewLine, "\n", line)); line++; i++; continue; }
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) { Fail("unterminated /* comment."); return tokens; }
                line += text.AsSpan(i, end - i).Count('\n');
                i = end + 2;
                continue;
            }
            if (string.CompareOrdinal(text, i, "'''", 0, 3) == 0)
            {
                var end = text.IndexOf("'''", i + 3, StringComparison.Ordinal);
                if (end < 0) { Fail("unterminated ''' string."); return tokens; }
                tokens.Add(new Token(Kind.String, text[(i + 3)..end], line));
                line += text.AsSpan(i, end - i).Count('\n');
                i = end + 3;
                continue;
            }
            if (c == '\'')
            {
                i++;
                if (!ReadStringPart()) return tokens;
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(Kind.Identifier, text[start..i], line));
                continue;
            }
            if (char.IsDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
                tokens.Add(new Token(Kind.Number, text[start..i], line));
                continue;
            }
            if (c == '{' && interpolations.Count > 0) interpolations.Push(interpolations.Pop() + 1);
            if (c == '}' && interpolations.Count > 0)
            {
                var open = interpolations.Pop();
                if (open == 0)
                {
                    tokens.Add(new Token(Kind.Symbol, "}", line));
                    i++;
                    if (!ReadStringPart()) return tokens;
                    continue;
                }
                interpolations.Push(open - 1);
            }
            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (two is "=>" or "::" or "==" or "!=" or "<=" or ">=" or "&&" or "||" or "??" or "?.")
            {
                tokens.Add(new Token(Kind.Symbol, two, line));
                i += 2;
                continue;
            }
            tokens.Add(new Token(Kind.Symbol, c.ToString(), line));
            i++;
        }
        if (interpolations.Count > 0) Fail("unterminated ${ interpolation.");
        return tokens;
    }

    private void CheckBalance()
    {
        var open = new Stack<Token>();
        foreach (var token in _tokens.Where(t => t.Kind == Kind.Symbol))
        {
            switch (token.Text)
            {
                case "{" or "[" or "(" or "${":
                    open.Push(token);
                    break;
                case "}" or "]" or ")":
                    var expected = token.Text switch { "}" => new[] { "{", "${" }, "]" => ["["], _ => ["("] };
                    // Stop at the first mismatch: everything after it would only be an echo of it.
                    if (open.Count == 0)
                    {
                        Problems.Add($"{Path}:{token.Line}: '{token.Text}' closes nothing.");
                        return;
                    }
                    if (!expected.Contains(open.Peek().Text))
                    {
                        Problems.Add($"{Path}:{token.Line}: '{token.Text}' closes '{open.Peek().Text}' opened on line {open.Peek().Line}.");
                        return;
                    }
                    open.Pop();
                    break;
            }
        }
        foreach (var token in open)
            Problems.Add($"{Path}:{token.Line}: '{token.Text}' is never closed.");
    }

    private bool IsStatementStart(int index) => index == 0 || _tokens[index - 1].Kind == Kind.NewLine;

    private Token? At(int index) => index >= 0 && index < _tokens.Count ? _tokens[index] : null;

    private bool IsSymbol(int index, string text) => At(index) is { Kind: Kind.Symbol } t && t.Text == text;

    private void CollectDeclarations()
    {
        var decorators = new List<string>();
        for (var i = 0; i < _tokens.Count; i++)
        {
            var token = _tokens[i];
            if (IsSymbol(i, "@") && At(i + 1) is { Kind: Kind.Identifier } decorator)
            {
                decorators.Add(decorator.Text);
                continue;
            }
            if (token.Kind == Kind.Identifier && DeclarationKeywords.Contains(token.Text) && IsStatementStart(i)
                && At(i + 1) is { Kind: Kind.Identifier } name)
            {
                var hasDefault = token.Text == "param" && IsSymbol(i + 3, "=");
                var declaration = new BicepDeclaration(token.Text, name.Text, token.Line, hasDefault, decorators.Contains("secure"));
                // Outputs live in their own namespace: `output x string = x` is fine, and outputs cannot be referenced.
                if (token.Text == "output")
                    Outputs.Add(declaration);
                else if (!Declarations.TryAdd(name.Text, declaration))
                    Problems.Add($"{Path}:{token.Line}: '{name.Text}' is declared twice.");
                if (token.Text == "module" && At(i + 2) is { Kind: Kind.String } modulePath)
                    Modules.Add(new BicepModuleUse(name.Text, modulePath.Text, token.Line, ModuleParamNames(i)));
                decorators.Clear();
                continue;
            }
            if (token.Text == "for" && token.Kind == Kind.Identifier)
            {
                // for x in ... / for (x, i) in ...
                for (var j = i + 1; j < _tokens.Count && At(j)?.Text != "in"; j++)
                    if (_tokens[j].Kind == Kind.Identifier) LocalNames.Add(_tokens[j].Text);
            }
            if (IsSymbol(i, "=>"))
            {
                // x => ... / (x, y) => ...
                if (At(i - 1) is { Kind: Kind.Identifier } single) LocalNames.Add(single.Text);
                else if (IsSymbol(i - 1, ")"))
                    for (var j = i - 2; j >= 0 && !IsSymbol(j, "("); j--)
                        if (_tokens[j].Kind == Kind.Identifier) LocalNames.Add(_tokens[j].Text);
            }
        }
    }

    // The keys of the module's `params: { ... }` object, at that object's own depth.
    private List<string> ModuleParamNames(int moduleIndex)
    {
        var names = new List<string>();
        var depth = 0;
        for (var i = moduleIndex; i < _tokens.Count; i++)
        {
            if (IsSymbol(i, "{") || IsSymbol(i, "${")) depth++;
            else if (IsSymbol(i, "}") && --depth == 0) break;
            else if (depth == 1 && At(i)?.Text == "params" && IsSymbol(i + 1, ":") && IsSymbol(i + 2, "{"))
            {
                var inner = 0;
                for (var j = i + 2; j < _tokens.Count; j++)
                {
                    if (IsSymbol(j, "{") || IsSymbol(j, "[") || IsSymbol(j, "(") || IsSymbol(j, "${")) inner++;
                    else if (IsSymbol(j, "}") || IsSymbol(j, "]") || IsSymbol(j, ")")) { if (--inner == 0) break; }
                    else if (inner == 1 && IsPropertyKey(j)) names.Add(_tokens[j].Text);
                }
                break;
            }
        }
        return names;
    }

    private bool IsPropertyKey(int index) =>
        At(index) is { Kind: Kind.Identifier } && IsSymbol(index + 1, ":")
        && (At(index - 1) is null or { Kind: Kind.NewLine } || IsSymbol(index - 1, "{") || IsSymbol(index - 1, ","));

    private void CheckReferences()
    {
        for (var i = 0; i < _tokens.Count; i++)
        {
            var token = _tokens[i];
            if (token.Kind != Kind.Identifier || Keywords.Contains(token.Text)) continue;
            var previous = At(i - 1);
            if (previous is { Kind: Kind.Symbol, Text: "." or "::" or "@" or "?." }) continue;      // member access, decorator
            if (IsSymbol(i + 1, "(")) continue;                                                    // function call
            if (IsPropertyKey(i)) continue;                                                        // object key
            if (previous is { Kind: Kind.Identifier } p && DeclarationKeywords.Contains(p.Text) && IsStatementStart(i - 1)) continue;
            if (IsSymbol(i + 1, "=>")) continue;                                                   // lambda parameter
            if (Declarations.ContainsKey(token.Text)) { References.Add((token.Text, token.Line)); continue; }
            if (LocalNames.Contains(token.Text)) continue;
            Problems.Add($"{Path}:{token.Line}: '{token.Text}' is used but not declared.");
        }
    }

    private void CheckSecretParameters()
    {
        foreach (var parameter in Parameters)
        {
            var lower = parameter.Name.ToLowerInvariant();
            if (SecretWords.Any(lower.Contains) && !parameter.IsSecure)
                Problems.Add($"{Path}:{parameter.Line}: parameter '{parameter.Name}' looks like a secret but lacks @secure().");
        }
    }

    private void CheckModulePaths()
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        foreach (var module in Modules)
        {
            var target = System.IO.Path.Combine(folder, module.RelativePath);
            if (!File.Exists(target))
            {
                Problems.Add($"{Path}:{module.Line}: module '{module.Name}' points at {module.RelativePath}, which does not exist.");
                continue;
            }
            var callee = Check(target);
            var calleeParams = callee.Parameters.ToDictionary(p => p.Name);
            foreach (var given in module.GivenParams.Where(g => !calleeParams.ContainsKey(g)))
                Problems.Add($"{Path}:{module.Line}: module '{module.Name}' passes '{given}', which {module.RelativePath} does not declare.");
            foreach (var missing in calleeParams.Values.Where(p => !p.HasDefault && !module.GivenParams.Contains(p.Name)))
                Problems.Add($"{Path}:{module.Line}: module '{module.Name}' does not pass required parameter '{missing.Name}'.");
        }
    }
}
