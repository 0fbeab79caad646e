// The .nn model language (docs/language.md). No actions: the parser facade turns errors into
// diagnostics and AstBuilder turns the tree into immutable records. Newlines end statements; the
// token filter in dev.nnc.syntax.NewlineFilter drops those inside (...) and <...> and after a
// trailing operator, so the rules below only see the newlines that matter.
grammar Nn;

file
    : sep* (declaration (sep+ declaration)*)? sep* EOF
    ;

// One expression on its own: the value of a --set key=value override.
standaloneExpr
    : sep* expr sep* EOF
    ;

sep
    : NL
    | ';'
    ;

declaration
    : IMPORT STRING                                              # importDecl
    | VAL name=ID '=' expr                                       # valDecl
    | FUN name=ID '(' paramList? ')' ('=' expr | block)          # funDecl
    | MODEL name=ID ('(' paramList? ')')? modelBody              # modelDecl
    ;

paramList
    : param (',' param)* ','?
    ;

param
    : name=ID ':' type=ID ('=' expr)?
    ;

block
    : '{' sep* (expr (sep+ expr)*)? sep* '}'
    ;

modelBody
    : '{' sep* (modelLine (sep+ modelLine)*)? sep* '}'
    ;

modelLine
    : TRAIN '{' sep* (setting (sep+ setting)*)? sep* '}'         # trainBlock
    | SWEEP '{' sep* (setting (sep+ setting)*)? sep* '}'         # sweepBlock
    | expr                                                       # stackLine
    ;

setting
    : key=ID '=' expr
    ;

// Precedence from tightest: repetition (x N), unary minus, * / %, + -. The '-' between two stacks
// chains them; between two numbers it subtracts. The semantic pass tells which.
expr
    : expr TIMES count=primary                                   # repeatExpr
    | '-' expr                                                   # negateExpr
    | expr op=('*' | '/' | '%') expr                             # mulExpr
    | expr op=('+' | '-') expr                                   # addExpr
    | primary                                                    # primaryExpr
    ;

primary
    : INT                                                        # intLiteral
    | FLOAT                                                      # floatLiteral
    | STRING                                                     # stringLiteral
    | (TRUE | FALSE)                                             # boolLiteral
    | REPEAT '(' count=expr ')' block                            # repeatBlock
    | RESIDUAL block                                             # residualBlock
    | name=ID '(' argList? ')'                                   # call
    | name=ID                                                    # nameRef
    | '(' expr (',' expr)+ ','? ')'                              # tupleLiteral
    | '[' (expr (',' expr)* ','?)? ']'                           # listLiteral
    | '(' expr ')'                                               # parenGroup
    | '<' expr '>'                                               # angleGroup
    ;

argList
    : arg (',' arg)* ','?
    ;

arg
    : (name=ID '=')? expr
    ;

IMPORT   : 'import';
VAL      : 'val';
FUN      : 'fun';
MODEL    : 'model';
TRAIN    : 'train';
SWEEP    : 'sweep';
REPEAT   : 'repeat';
RESIDUAL : 'residual';
TRUE     : 'true';
FALSE    : 'false';
TIMES    : 'x' | '\u00D7';

LPAREN  : '(';
RPAREN  : ')';
LANGLE  : '<';
RANGLE  : '>';
LBRACK  : '[';
RBRACK  : ']';
LBRACE  : '{';
RBRACE  : '}';
COMMA   : ',';
ASSIGN  : '=';
COLON   : ':';
SEMI    : ';';
PLUS    : '+';
MINUS   : '-';
STAR    : '*';
SLASH   : '/';
PERCENT : '%';

ID     : [a-zA-Z_] [a-zA-Z_0-9]*;
INT    : [0-9] [0-9_]*;
FLOAT  : [0-9] [0-9_]* '.' [0-9]+ EXPONENT? | [0-9] [0-9_]* EXPONENT | '.' [0-9]+ EXPONENT?;
STRING : '"' (~["\\\r\n] | '\\' .)* '"';

fragment EXPONENT : [eE] [+-]? [0-9]+;

NL            : '\r'? '\n';
WS            : [ \t\f]+ -> channel(HIDDEN);
LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN);
// Block comments nest (docs/language.md). dev.nnc.syntax.CommentLexer scans them by hand in one linear pass
// (a recursive rule here backtracked for seconds on nested openers); these two rules only name the token types.
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);

// Unclosed strings and comments get tokens of their own so the error says what is wrong.
UNTERMINATED_STRING  : '"' (~["\\\r\n] | '\\' .)*;
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF;

// Anything else becomes one token so the parser, not the lexer, reports it with a position.
UNKNOWN : . ;
