// The program ran: it counted the words, and the processor generated Word_, WordCount_ and the binding.
def counts = new File(basedir, 'target/counts.jsonl').readLines()
assert counts.size() == 2 : "expected 2 lines, got: ${counts}"
assert counts.any { it ==~ /\{"word":"apple","count":2,"time":\d+,"diff":1}/ } : "no apple count in ${counts}"
assert counts.any { it ==~ /\{"word":"banana","count":1,"time":\d+,"diff":1}/ } : "no banana count in ${counts}"
assert new File(basedir, 'target/state/metadata').isDirectory() : 'no committed state'
def log = new File(basedir, 'build.log').text
assert !log.contains('SLF4J: No SLF4J providers were found') : 'the logging binding is missing'
assert new File(basedir, 'target/generated-sources/annotations/org/example/WordCountPipeline_Persistent.java').isFile()
// tideway-runtime alone brings no cloud SDK (those come with tideway-s3 and tideway-azure)
def classPath = new File(basedir, 'target/classpath.txt').text
assert classPath.contains('tideway-runtime') : "no tideway-runtime on the class path: ${classPath}"
['software/amazon/awssdk', 'com/azure', 'io/netty'].each { sdk ->
    assert !classPath.contains(sdk) : "the class path of a project with tideway-runtime alone has ${sdk}: ${classPath}"
}
return true
