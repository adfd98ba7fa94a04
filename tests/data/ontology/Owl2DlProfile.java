// Checks an ontology document against the OWL 2 DL profile with the OWL API, the library
// Protégé reads ontologies with. Run by tests/test_ontology.py as a single-file program with
// Debian's libowlapi-java on the class path (or, without it, the OWL API inside owlready2's
// HermiT.jar):
//   java -cp JARS Owl2DlProfile.java ontology/peninsula.owl [ontology/catalog-v001.xml]
// With a catalog, every IRI it maps (the ontology, its version, its imports) is resolved to
// the file it names, as Protégé does: nothing is fetched from the web, and an import without
// an entry fails the load. Prints which OWL API ran ("owlapi: ..."), one line per profile
// violation, and the axiom count; exits 1 if there is any violation, 0 otherwise.
import java.io.File;
import javax.xml.parsers.DocumentBuilderFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.util.SimpleIRIMapper;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class Owl2DlProfile {
    public static void main(String[] args) throws Exception {
        String where = OWLManager.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        String version = OWLManager.class.getPackage().getImplementationVersion();
        System.out.println("owlapi: " + where + " " + (version == null ? "" : version));
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        if (args.length > 1) {
            // addIRIMapper: deprecated in OWL API 5, but the one call that OWL API 3 (in HermiT.jar) has too
            File catalog = new File(args[1]);
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            NodeList entries = factory.newDocumentBuilder().parse(catalog)
                    .getElementsByTagNameNS("urn:oasis:names:tc:entity:xmlns:xml:catalog", "uri");
            for (int i = 0; i < entries.getLength(); i++) {
                Element entry = (Element) entries.item(i);
                File target = new File(catalog.getAbsoluteFile().getParentFile(), entry.getAttribute("uri"));
                manager.addIRIMapper(new SimpleIRIMapper(IRI.create(entry.getAttribute("name")),
                                                                IRI.create(target)));
                System.out.println("catalog: " + entry.getAttribute("name") + " -> " + target);
            }
        }
        // An import that does not resolve is an error, not a silent omission.
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION);
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(
                new FileDocumentSource(new File(args[0])), config);
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println("violation: " + violation);
        }
        System.out.println("axioms: " + ontology.getAxiomCount());
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
