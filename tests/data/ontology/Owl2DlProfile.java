// Checks an ontology document against the OWL 2 DL profile with the OWL API bundled in
// owlready2's HermiT.jar. Run by tests/test_ontology.py as a single-file program:
//   java -cp .../owlready2/hermit/HermiT.jar Owl2DlProfile.java ontology/peninsula.owl
// Prints one line per profile violation and exits 1 if there is any, 0 otherwise.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class Owl2DlProfile {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation);
        }
        System.out.println("axioms: " + ontology.getAxiomCount());
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
