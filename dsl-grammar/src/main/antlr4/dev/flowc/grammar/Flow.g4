/*
 * The .flow language, versions 1 and 2 (docs/language.md), with schedules and queue rates.
 *
 * The grammar is deliberately permissive where a precise message is more useful than
 * a syntax error: any `name value` pair is accepted as a pipeline member or directive,
 * and any dotted path as a value. The compiler's checks decide what is allowed where
 * (unknown directive, wrong type, bad reference) and say so with a fix.
 *
 * Lexing never fails: malformed numbers, unterminated strings and stray characters
 * have tokens of their own, which the compiler reports as FLOW002.
 */
grammar Flow;

// ---------------------------------------------------------------------------
// Parser

file
    : pipeline EOF
    ;

pipeline
    : PIPELINE name=declName LBRACE member* RBRACE SEMI*
    ;

member
    : PARAMS LBRACE param* RBRACE SEMI*                                   # paramsBlock
    | DEFAULTS LBRACE directive* RBRACE SEMI*                             # defaultsBlock
    | QUEUE name=declName (LBRACE directive* RBRACE)? SEMI*               # queueDecl
    // The labels on 'after' and '{' let error recovery ask for them without scanning the
    // stage's children, which a long 'after' list makes many.
    | STAGE name=declName forClause?
      (afterKeyword=AFTER after+=identifier (COMMA after+=identifier)*)?
      openBrace=LBRACE directive* RBRACE SEMI*                            # stageDecl
    | SCHEDULE name=declName LBRACE directive* RBRACE SEMI*               # scheduleDecl
    // Not part of the language: a block of directives without its keyword, so that the
    // compiler can say 'stage' is missing instead of misreading the block as a map.
    | name=identifier LBRACE directive* RBRACE SEMI*                      # keywordlessBlock
    | key=identifier value SEMI*                                          # attribute
    ;

// 'for VAR in LIST' or 'for INDEX, VAR in LIST': the stage runs once per element. Keywords are
// accepted as names so that the compiler can say a loop variable cannot be one (FLOW208).
forClause
    : FOR first=loopVar (COMMA second=loopVar)? IN list=value
    ;

loopVar
    : identifier
    | keyword
    ;

param
    : name=declName COLON type=identifier (ASSIGN value)? SEMI*
    ;

// A declared name. Keywords and strings are accepted here so that the compiler can say that
// a keyword cannot name a stage, queue or param, or that a name takes no quotes, instead of
// the parser losing its way.
declName
    : identifier
    | keyword
    | STRING
    ;

directive
    : BACKOFF backoff SEMI*                                               # backoffDirective
    | WHEN condition SEMI*                                                # whenDirective
    | name=directiveName value SEMI*                                      # valueDirective
    // Not part of the language: 'after' belongs before the stage's '{'. Parsed so that the
    // compiler can say so once, and keep the dependencies.
    | AFTER after+=identifier (COMMA after+=identifier)* SEMI*            # misplacedAfter
    ;

// `queue` is a keyword at pipeline level and a directive inside stages and defaults; `params`
// and `schedule` likewise (`params` is a schedule's directive). `max` is not a directive:
// after a backoff's base it always starts the cap.
directiveName
    : IDENT
    | FIXED
    | QUEUE
    | PARAMS
    | SCHEDULE
    ;

backoff
    : FIXED base=value                                                    # fixedBackoff
    | base=value (MAX max=value)?                                         # exponentialBackoff
    ;

// The condition of 'when', loosest first: '!a == b' is '!(a == b)', as in language.md.
condition
    : andCondition (OR_OR andCondition)*
    ;

andCondition
    : notCondition (AND_AND notCondition)*
    ;

notCondition
    : BANG notCondition                                                   # notOperator
    | left=operand (compareOperator right=operand)?                       # comparison
    ;

compareOperator
    : EQ_EQ | NOT_EQ | LT | LE | GT | GE | IN
    ;

operand
    : LPAREN condition RPAREN                                             # parenthesized
    | LEN LPAREN condition RPAREN                                         # lenCall
    | value                                                               # valueOperand
    ;

value
    : STRING                                                              # stringValue
    | INT                                                                 # intValue
    | FLOAT                                                               # floatValue
    | DURATION                                                            # durationValue
    | RATE                                                                # rateValue
    | TRUE                                                                # trueValue
    | FALSE                                                               # falseValue
    | NULL                                                                # nullValue
    | LBRACK (value (COMMA value)* COMMA?)? RBRACK                        # listValue
    | LBRACE (entry (COMMA? entry)* COMMA?)? RBRACE                       # mapValue
    | head=pathHead pathElement*                                          # pathValue
    ;

pathHead
    : identifier
    | PARAMS
    ;

pathElement
    : DOT field=fieldName                                                 # fieldElement
    | LBRACK index=INT RBRACK                                             # indexElement
    ;

entry
    : key=mapKey COLON value
    ;

mapKey
    : fieldName
    | STRING
    ;

fieldName
    : identifier
    | keyword
    ;

// Names: identifiers and the contextual keywords, which are keywords only where the
// backoff directive, a stage's 'for' or a 'when' condition gives them meaning.
identifier
    : IDENT
    | BACKOFF
    | FIXED
    | MAX
    | FOR
    | IN
    | WHEN
    | LEN
    | SCHEDULE
    ;

keyword
    : PIPELINE
    | STAGE
    | QUEUE
    | PARAMS
    | DEFAULTS
    | AFTER
    | TRUE
    | FALSE
    | NULL
    ;

// ---------------------------------------------------------------------------
// Lexer

PIPELINE : 'pipeline' ;
STAGE    : 'stage' ;
QUEUE    : 'queue' ;
PARAMS   : 'params' ;
DEFAULTS : 'defaults' ;
AFTER    : 'after' ;
TRUE     : 'true' ;
FALSE    : 'false' ;
NULL     : 'null' ;

BACKOFF  : 'backoff' ;
FIXED    : 'fixed' ;
MAX      : 'max' ;
FOR      : 'for' ;
IN       : 'in' ;
WHEN     : 'when' ;
LEN      : 'len' ;
SCHEDULE : 'schedule' ;

LBRACE : '{' ;
RBRACE : '}' ;
LBRACK : '[' ;
RBRACK : ']' ;
COMMA  : ',' ;
COLON  : ':' ;
DOT    : '.' ;
ASSIGN : '=' ;
SEMI   : ';' ;
LPAREN : '(' ;
RPAREN : ')' ;
OR_OR   : '||' ;
AND_AND : '&&' ;
EQ_EQ   : '==' ;
NOT_EQ  : '!=' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;
BANG    : '!' ;

// Order matters among rules that match the same length: DURATION, FLOAT and INT win
// over BAD_NUMBER, which only wins when it matches more (`30sec`, `1.5s`, `10_`).
DURATION : '-'? DIGITS ('ms' | 's' | 'm' | 'h' | 'd') ;
// A queue's rate, `10/s`, spaces allowed around '/'. A token of its own so that a '/' anywhere
// else stays an unexpected character; any unit is lexed, and the compiler says which it takes.
RATE     : '-'? DIGITS [ \t]* '/' [ \t]* [A-Za-z_]+ ;
FLOAT    : '-'? DIGITS '.' DIGITS ;
INT      : '-'? DIGITS ;
BAD_NUMBER : '-'? [0-9] [0-9_]* ('.' [0-9_]*)? [A-Za-z0-9_]* ;

IDENT : [A-Za-z_] [A-Za-z0-9_]* ;
// Not part of the language: a name with letters outside ASCII, reported once by the compiler.
NON_ASCII_NAME : [\p{L}_] [\p{L}\p{N}_]* ;

// Escapes are checked by the compiler, which knows which ones are valid.
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;
// Not part of the language: lexed so that the compiler can say to use double quotes.
SINGLE_QUOTED_STRING : '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\'' ;

COMMENT : ('#' | '//') ~[\r\n]* -> channel(HIDDEN) ;
WS      : [ \t\r\n\f\uFEFF]+ -> skip ;

UNEXPECTED_CHAR : . ;

fragment DIGITS : [0-9]+ ('_' [0-9]+)* ;
