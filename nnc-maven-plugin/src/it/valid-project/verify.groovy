import java.util.jar.JarFile
import groovy.json.JsonSlurper

def jar = new JarFile(new File(basedir, 'target/valid-project-1.0.jar'))
def names = jar.entries().collect { it.name }
jar.close()
['mlp.json', 'mlp.summary.txt', 'nets/wide.json', 'nets/wide.summary.txt', 'demo/Describe.class'].each {
    assert names.contains(it) : "$it is not in the jar: $names"
}
assert !names.any { it.startsWith('lib/') } : "a library has no artifacts: $names"
assert !names.any { it.contains('compile-state') } : "the up-to-date state is not packaged: $names"

def graph = new JsonSlurper().parse(new File(basedir, 'target/generated-resources/nnc/nets/wide.json'))
assert graph.model == 'Wide'
// Paths relative to src/main/nn: the artifact is the same in every checkout.
assert graph.nodes*.source.file.unique().sort() == ['lib/blocks.nn', 'nets/wide.nn'] : graph.nodes*.source.file
assert graph.nodes.any { it.op == 'affine' && it.toString().contains('64') } : graph.nodes

def sarif = new JsonSlurper().parse(new File(basedir, 'target/nnc/nnc.sarif'))
assert sarif.version == '2.1.0'
assert sarif.runs[0].results == []
assert new File(basedir, 'target/nnc/nnc-test.sarif').isFile()

def log = new File(basedir, 'build.log').text
assert log.contains('nnc: 3 model files in') : 'check reports the models it checked'
assert log.contains('nnc: 1 model file in') : 'test-check checks src/test/nn'
return true
