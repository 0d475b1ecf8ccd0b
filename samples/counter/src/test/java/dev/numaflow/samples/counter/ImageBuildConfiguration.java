package dev.numaflow.samples.counter;

import java.nio.file.Path;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the image-build configuration of the sample's {@code pom.xml}: the Spring Boot
 * Maven plugin's {@code <image>}, which {@code spring-boot:build-image} uses. CI has no
 * Docker daemon, so this is what can be checked there.
 */
final class ImageBuildConfiguration {

	private ImageBuildConfiguration() {
	}

	static Element springBootPlugin(Path pom) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		Document document = factory.newDocumentBuilder().parse(pom.toFile());
		Object plugin = XPathFactory.newInstance()
			.newXPath()
			.evaluate("/project/build/plugins/plugin[artifactId='spring-boot-maven-plugin']", document,
					XPathConstants.NODE);
		assertThat(plugin).as("spring-boot-maven-plugin in %s", pom).isInstanceOf(Element.class);
		return (Element) plugin;
	}

	static String text(Element plugin, String path) throws Exception {
		Object node = XPathFactory.newInstance().newXPath().evaluate(path, plugin, XPathConstants.NODE);
		assertThat(node).as("%s of spring-boot-maven-plugin", path).isInstanceOf(Element.class);
		return ((Element) node).getTextContent().trim();
	}

}
