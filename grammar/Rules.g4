// The rules DSL: optimizer rewrites as data. See rules/README.md for the language reference.
//
//   rule FuseConvBatchNorm : fusion [batchnorm]
//     "Fold BatchNormInference into the preceding Convolution."
//   match
//     c  = Convolution(x, w: const) where uses(c) == 1
//     bn = BatchNormInference(c, gamma: const, beta: const, mean: const, var: const)
//   let
//     s = gamma / sqrt(var + bn.epsilon)
//   replace bn with
//     Add(Convolution(x, w * reshape(s, [-1, 1, 1, 1]), c.attrs), reshape(beta - mean * s, [1, -1, 1, 1]))
//   test "folds" { input { ... } expect { ... } }
//
// A variadic operand may carry a per-element pattern: `Concat(cs... each Convolution(s.#, ws: const))`
// (`s.#` is output number i of s for the i-th element; names bound inside become lists).
// A statement may bind the readers of a matched value that match a pattern:
// `ds = readers(x) each (Convolution(x, ws: const) where ...)` (a list, possibly empty).
// A statement may list whole node patterns as alternatives, each with its own operand order:
// `bn = BatchNormInference@5(x, g, b, m, v) | BatchNormInference@1(g, b, x, m, v)`.
//
// Besides rules, a file may declare, for the whole library (every file loaded together):
//   constraint Scalar(x) = rank(x) == 0 or shape(x) == [1]           (a named condition)
//   pattern StridePool(x) = p: MaxPool@1(x) where p.kernel == [1, 1]  (a named node pattern)
//   defaults Convolution(strides=[1, 1], auto_pad="explicit")         (test graph attributes)
grammar Rules;

ruleFile : topDecl* EOF ;
topDecl : ruleDecl | constraintDecl | fragmentDecl | defaultsDecl ;

ruleDecl
    : 'rule' name=ID ':' phase=ID tagList? ('benefit' benefit=signedInt)? (docs+=STRING)*
      matchBlock whereBlock? letBlock? replaceBlock testDecl*
    ;
signedInt : '-'? INT ;
// A long doc string may be written as several strings (joined with a space).
tagList : '[' (ID (',' ID)*)? ']' ;

constraintDecl : 'constraint' name=ID '(' paramList? ')' '=' expr ;
fragmentDecl : 'pattern' name=ID '(' paramList? ')' '=' root=ID ':' nodePattern ('where' expr)? ;
defaultsDecl : 'defaults' opName '(' arg (',' arg)* ')' ;
paramList : ID (',' ID)* ;
matchBlock : 'match' patternStmt+ ;
patternStmt
    : ID '=' 'readers' '(' source=ID ')' 'each' readerPattern # readersStmt
    | ID '=' nodePattern ('|' nodePattern)* ('where' expr)?  # nodeStmt
    ;
// The filter of a readers statement is in parentheses: a `where` after the statement is the
// rule's condition.
readerPattern
    : nodePattern
    | '(' nodePattern 'where' expr ')'
    ;
nodePattern : opAlt '(' (patArg (',' patArg)*)? ')' ;
opAlt : versionedOp ('|' versionedOp)* ;
// `MaxPool@1`: only that version of the op.
versionedOp : opName ('@' version=INT)? ;
opName : ID ('.' ID)* ;
patArg
    : ID '...' 'each' nodePattern ('where' expr)? # eachArg
    | ID '...'                 # variadicArg
    | ID ':' 'const'           # constArg
    | ID ':' nodePattern       # boundNestedArg
    | nodePattern              # nestedArg
    | ID '.#'                  # elementRefArg
    | ID ('.' INT)?            # refArg
    ;

whereBlock : 'where' expr ;
letBlock : 'let' letStmt+ ;
letStmt
    : ID '=' expr              # letAssign
    | 'where' expr             # letCheck
    ;
replaceBlock : 'replace' ID 'with' replacement ;
replacement
    : '(' expr (',' expr)+ ')' # tupleReplacement
    | expr                     # singleReplacement
    ;

testDecl : 'test' STRING '{' 'input' graphBlock expectClause? '}' ;
expectClause
    : 'expect' graphBlock      # expectGraph
    | 'expect' 'unchanged'     # expectUnchanged
    ;
graphBlock : '{' graphStmt* '}' ;
graphStmt : (ID '=')? opName '(' (arg (',' arg)*)? ')' ;

// A keyword is an identifier, or a string for attribute names such as "exclude-pad".
arg : (argKey '=')? expr ;
argKey : ID | STRING ;

expr
    : '(' expr ')'                                   # parenExpr
    | opName '(' (arg (',' arg)*)? ')'               # callExpr
    | expr '[' expr ']'                              # indexExpr
    | expr '[' expr ']' '.' ID                       # elementMemberExpr
    | ID '.' INT                                     # portExpr
    | ID '.' ID                                      # memberExpr
    | '-' expr                                       # negExpr
    | 'not' expr                                     # notExpr
    | expr op=('*' | '/') expr                       # mulExpr
    | expr op=('+' | '-') expr                       # addExpr
    | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr # cmpExpr
    | expr 'in' expr                                 # inExpr
    | expr 'and' expr                                # andExpr
    | expr 'or' expr                                 # orExpr
    | '[' (expr (',' expr)*)? ']'                    # listExpr
    | INT                                            # intExpr
    | FLOAT                                          # floatExpr
    | STRING                                         # stringExpr
    | ('true' | 'false')                             # boolExpr
    | ID                                             # nameExpr
    ;

// Entry points for the JSON form, whose fields hold fragments of the same language.
patternStmtEntry : patternStmt EOF ;
topDeclEntry : (constraintDecl | fragmentDecl | defaultsDecl) EOF ;
exprEntry : expr EOF ;
letStmtEntry : letStmt EOF ;
replacementEntry : replacement EOF ;
graphStmtEntry : graphStmt EOF ;

INT : [0-9]+ ;
FLOAT : [0-9]+ '.' [0-9]+ EXPONENT? | [0-9]+ EXPONENT ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
STRING : '"' (~["\\\r\n] | '\\' .)* '"' ;
ID : [a-zA-Z_] [a-zA-Z_0-9]* ;
COMMENT : ('#' | '//') ~[\r\n]* -> skip ;
WS : [ \t\r\n]+ -> skip ;
